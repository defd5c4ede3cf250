package dev.arclight.placement.container;

import static dev.arclight.placement.container.ContainerBooksFixture.KEEP_ALIVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Starting;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which container and VM the books give a call: the order of preference, memory fit, tenants. */
class ContainerBooksPlacementTests {

    final ContainerBooksFixture f = new ContainerBooksFixture();
    final ContainerBooks books = f.books;
    final MutableClock clock = f.clock;
    final ContainerSpec app = f.app;

    @Test
    void aFirstCallBooksANewVmOfTheConfiguredSizeWithItsContainerStarting() {
        var start = (Start) books.acquire(app);

        assertThat(start.vm()).isEqualTo(new BootVm("acme", 1024));
        assertThat(start.spec()).isEqualTo(app);
        assertThat(books.state(start.containerId())).isEqualTo(new Starting(true));
        assertThat(books.vms()).singleElement().satisfies(vm -> {
            assertThat(vm.id()).isEqualTo(start.vmId());
            assertThat(vm.state()).isInstanceOf(VmState.Booting.class);
        });
    }

    @Test
    void aFunctionLargerThanTheUsualVmGetsAVmOfItsOwnMemory() {
        var start = (Start) books.acquire(ContainerPoolTests.spec("acme", "big", 2048));

        assertThat(start.vm()).isEqualTo(new BootVm("acme", 2048));
    }

    @Test
    void aConcurrentCallThatFitsWaitsForTheVmBeingBooted() {
        var first = (Start) books.acquire(app);
        var second = (Start) books.acquire(app);

        assertThat(second.vm()).isEqualTo(new AwaitBoot());
        assertThat(second.vmId()).isEqualTo(first.vmId());
        assertThat(second.containerId()).isNotEqualTo(first.containerId());
    }

    @Test
    void aCallThatDoesNotFitTheBootingVmBooksAnotherOne() {
        for (int i = 0; i < 4; i++) {
            books.acquire(app); // 4 x 256 MiB fill a 1024 MiB VM
        }
        var fifth = (Start) books.acquire(app);

        assertThat(fifth.vm()).isInstanceOf(BootVm.class);
        assertThat(books.vms()).hasSize(2);
    }

    @Test
    void takesTheMostRecentlyUsedIdleContainerAndMakesItBusy() {
        var older = f.started(books.acquire(app));
        var newer = f.started(books.acquire(app));
        books.release(older);
        clock.advance(Duration.ofSeconds(1));
        books.release(newer);

        var plan = (TakeIdle) books.acquire(app);

        assertThat(plan.containerId()).isEqualTo(newer);
        assertThat(books.state(newer)).isInstanceOf(Busy.class);
        assertThat(books.state(older)).isInstanceOf(Idle.class);
    }

    @Test
    void neverHandsACallAnIdleContainerOfAnotherRevision() {
        books.release(f.started(books.acquire(app)));
        var updated = new ContainerSpec(
                new ContainerKey(app.tenant(), app.key().functionArn(), "1", UUID.randomUUID()),
                "python3.11",
                "app.handler",
                256,
                3,
                Map.of(),
                "sha2");

        assertThat(books.acquire(updated)).isInstanceOf(Start.class);
    }

    @Test
    void startsInARunningVmOfTheTenantWhenNoContainerIsIdle() {
        var first = books.acquire(app);
        f.started(first);

        var second = (Start) books.acquire(ContainerPoolTests.spec("acme", "other", 512));

        assertThat(second.vm()).isInstanceOf(InRunningVm.class);
        assertThat(second.vmId()).isEqualTo(((Start) first).vmId());
    }

    @Test
    void prefersTheFullestFittingVmSoThatTheOthersCanEmpty() {
        var big = ContainerPoolTests.spec("acme", "big", 768);
        var roomy = (Start) books.acquire(app); // VM 1: 256 of 1024 taken
        f.started(roomy);
        var full = (Start) books.acquire(big); // fits VM 1 (256 + 768)
        assertThat(full.vmId()).isEqualTo(roomy.vmId());
        books.discard(full.containerId());
        var second = (Start) books.acquire(ContainerPoolTests.spec("acme", "huge", 1024)); // VM 2, booting
        f.started(second);
        var third = (Start) books.acquire(big); // VM 1 has 768 free, VM 2 none: VM 1
        assertThat(third.vmId()).isEqualTo(roomy.vmId());
        books.discard(second.containerId()); // VM 2 now has 1024 free, VM 1 none left
        books.discard(third.containerId()); // VM 1: 768 free again; both fit 256

        var next = (Start) books.acquire(ContainerPoolTests.spec("acme", "small", 256));

        assertThat(next.vmId()).as("fullest fitting VM").isEqualTo(roomy.vmId());
    }

    @Test
    void prefersARunningVmEvenWhenABootingOneIsFuller() {
        var running = (Start) books.acquire(ContainerPoolTests.spec("acme", "one", 128));
        f.started(running);
        books.acquire(ContainerPoolTests.spec("acme", "fill", 1024 - 128)); // VM 1 full
        var booting = (Start) books.acquire(ContainerPoolTests.spec("acme", "two", 768)); // VM 2 booting
        var fill = books.containers().stream()
                .filter(c -> c.key().functionArn().contains(":fill:"))
                .findFirst()
                .orElseThrow();
        books.startFailed(fill.id()); // VM 1: 896 free, running; VM 2: 256 free, booting

        var next = (Start) books.acquire(ContainerPoolTests.spec("acme", "three", 256));

        assertThat(next.vmId()).isEqualTo(running.vmId()).isNotEqualTo(booting.vmId());
        assertThat(next.vm()).isInstanceOf(InRunningVm.class);
    }

    @Test
    void aStoppingContainerKeepsItsMemoryTakenUntilStopped() {
        var start = (Start) books.acquire(ContainerPoolTests.spec("acme", "wide", 1024));
        books.release(f.started(start));
        clock.advance(KEEP_ALIVE);
        assertThat(books.expire().stops()).hasSize(1);

        assertThat(((Start) books.acquire(app)).vm()).isInstanceOf(BootVm.class);
        books.stopped(start.containerId());
        assertThat(((Start) books.acquire(app)).vmId()).isEqualTo(start.vmId());
    }

    @Test
    void aVmNeverHoldsTheContainersOfTwoTenants() {
        var starts = new ArrayList<Start>();
        for (var tenant : List.of("acme", "globex", "acme", "initech", "globex", "acme")) {
            var start = (Start) books.acquire(ContainerPoolTests.spec(tenant, "app", 128));
            starts.add(start);
            if (starts.size() % 2 == 0) {
                f.started(start);
            }
        }

        assertThat(books.vms()).hasSize(3);
        for (var vm : books.vms()) {
            assertThat(books.containers().stream().filter(c -> c.vmId().equals(vm.id())))
                    .allSatisfy(c -> assertThat(c.key().tenant()).isEqualTo(vm.tenant()));
        }
    }
}
