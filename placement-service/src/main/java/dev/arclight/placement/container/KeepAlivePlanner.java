package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPlans.Expiry;
import dev.arclight.placement.container.ContainerPlans.Stop;
import dev.arclight.placement.container.ContainerState.Idle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expiry plan of {@link ContainerBooks}: a container idle for the keep-alive or longer (exactly
 * the keep-alive included) stops, oldest first, but never below its version's provisioned count
 * (starting, idle and busy containers count towards it, stopping ones do not); a running VM empty for
 * the VM keep-alive or longer is destroyed, whether this instance booted it or claimed it from the
 * pool. A VM still being booted or claimed is never expired.
 */
final class KeepAlivePlanner {

    private final Duration keepAlive;
    private final Duration vmKeepAlive;

    KeepAlivePlanner(Duration keepAlive, Duration vmKeepAlive) {
        this.keepAlive = keepAlive;
        this.vmKeepAlive = vmKeepAlive;
    }

    Expiry expire(BookEntries books, Map<ContainerKey, Integer> provisioned) {
        var now = books.clock.instant();
        var stops = new ArrayList<Stop>();
        var live = new HashMap<ContainerKey, Integer>();
        books.containers.values().stream().filter(BookEntries::live).forEach(c -> live.merge(c.key(), 1, Integer::sum));
        for (var container : books.idleOldestFirst(null)) {
            var idle = (Idle) container.state();
            if (live.get(container.key()) <= provisioned.getOrDefault(container.key(), 0)
                    || idle.since().plus(keepAlive).isAfter(now)) {
                continue;
            }
            live.merge(container.key(), -1, Integer::sum);
            stops.add(books.stop(container));
        }
        var destroys = new ArrayList<VmHandle>();
        for (var vm : List.copyOf(books.vms.values())) {
            if (vm.state() instanceof VmState.Running running
                    && books.containersIn(vm.id()) == 0
                    && !vm.emptySince().plus(vmKeepAlive).isAfter(now)) {
                books.vms.remove(vm.id());
                destroys.add(running.handle());
            }
        }
        return new Expiry(stops, destroys);
    }
}
