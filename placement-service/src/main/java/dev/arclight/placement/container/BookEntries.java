package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Stopping;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What {@link ContainerBooks} and its planners ({@link KeepAlivePlanner}, {@link
 * ProvisioningPlanner}) hold: the containers and VMs by the books' ids, and the questions every plan
 * asks of them. No decisions here.
 */
final class BookEntries {

    final Clock clock;
    final Map<String, BookedContainer> containers = new LinkedHashMap<>();
    final Map<String, BookedVm> vms = new LinkedHashMap<>();

    BookEntries(Clock clock) {
        this.clock = clock;
    }

    Stream<BookedContainer> in(String vmId) {
        return containers.values().stream().filter(c -> c.vmId().equals(vmId));
    }

    int containersIn(String vmId) {
        return (int) in(vmId).count();
    }

    long freeMemoryMib(BookedVm vm) {
        return vm.memoryMib()
                - in(vm.id()).mapToLong(BookedContainer::memoryMib).sum();
    }

    /** Containers of {@code key} that count towards its provisioned count: not on their way out. */
    long liveCount(ContainerKey key) {
        return containers.values().stream()
                .filter(c -> live(c) && c.key().equals(key))
                .count();
    }

    /** Idle containers, of {@code key} if not null, the longest idle first. */
    List<BookedContainer> idleOldestFirst(ContainerKey key) {
        return containers.values().stream()
                .filter(c -> (key == null || c.key().equals(key)) && c.state() instanceof Idle)
                .sorted(Comparator.comparing(c -> ((Idle) c.state()).since()))
                .toList();
    }

    /** Marks an idle container stopping; returns the stop to carry out. */
    ContainerPlans.Stop stop(BookedContainer container) {
        var idle = (Idle) container.state();
        containers.put(container.id(), container.with(new Stopping(idle.handle())));
        return new ContainerPlans.Stop(container.id(), idle.handle());
    }

    /** Takes a container out; its VM, if now empty, starts counting its empty time. */
    void remove(String containerId) {
        var container = containers.remove(containerId);
        if (container == null) {
            return;
        }
        var vm = vms.get(container.vmId());
        if (vm != null && containersIn(vm.id()) == 0) {
            vms.put(vm.id(), vm.emptiedAt(clock.instant()));
        }
    }

    // Random, not counted: the worker may hold containers of other instances, or of this one's past.
    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static boolean live(BookedContainer container) {
        return !(container.state() instanceof Stopping);
    }
}
