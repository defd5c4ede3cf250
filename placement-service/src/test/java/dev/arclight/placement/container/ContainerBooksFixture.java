package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;

/** Books on a hand-moved clock, and a stand-in for the workers that carries out start plans. */
final class ContainerBooksFixture {

    static final Duration KEEP_ALIVE = Duration.ofMinutes(10);
    static final Duration VM_KEEP_ALIVE = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final ContainerBooks books = new ContainerBooks(clock, KEEP_ALIVE, VM_KEEP_ALIVE, 1024);
    final ContainerSpec app = ContainerPoolTests.spec("acme", "app", 256);
    private int vms;

    /** Carries out a start plan as the workers would, successfully; returns the container's id. */
    String started(ContainerPlans.Acquisition plan) {
        var start = (Start) plan;
        var vm = vm(start.vmId());
        if (vm.state() instanceof VmState.Booting) {
            assertThat(books.vmBooted(start.vmId(), new VmHandle("w1", "vm-" + ++vms)))
                    .isTrue();
            vm = vm(start.vmId());
        }
        var handle = new ContainerHandle("w1", vm.handle().orElseThrow().vmId(), start.containerId());
        assertThat(books.containerStarted(start.containerId(), handle)).isNotEqualTo(new Removed());
        return start.containerId();
    }

    BookedVm vm(String vmId) {
        return books.vms().stream().filter(v -> v.id().equals(vmId)).findFirst().orElseThrow();
    }

    ContainerHandle handleOf(String containerId) {
        return ContainerState.handleOf(books.state(containerId)).orElseThrow();
    }
}
