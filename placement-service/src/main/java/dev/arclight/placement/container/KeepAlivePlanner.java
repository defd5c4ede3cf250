package dev.arclight.placement.container;

import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.keepalive.KeepAlivePolicy;
import dev.arclight.keepalive.Schedule;
import dev.arclight.keepalive.ShrunkMemory;
import dev.arclight.placement.container.ContainerPlans.Expiry;
import dev.arclight.placement.container.ContainerPlans.Stop;
import dev.arclight.placement.container.ContainerState.Idle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expiry plan of {@link ContainerBooks}, with the windows a {@link KeepAlivePolicy} chooses.
 *
 * <h2>Algorithm</h2>
 *
 * <ul>
 *   <li>Every call that ends ({@link #invoked}) is an invocation of its function version (the
 *       version-qualified ARN) for the container policy, and of its tenant for the VM policy: a
 *       tenant's VM serves any of its functions, so its idle times are those between the tenant's
 *       calls.
 *   <li>A function's <b>window</b> is read from its {@link Schedule} (counted from the end of a
 *       call): the instance stays loaded from the call's end to the end of the last loaded interval
 *       reached without crossing a gap longer than {@link #MAX_BRIDGED_GAP}. Unloading in a gap and
 *       pre-warming at its far side is planned; until then a short gap is bridged (kept loaded
 *       through it, so no cold start the policy would avoid is paid) and a long one ends the window
 *       (the cold start after it is cheaper than the idle memory across it). With bounds (the
 *       learned policy), the window is clamped to them; the fixed policy's window is used as is.
 *   <li>A container idle for its function's window or longer (exactly the window included) stops,
 *       oldest first, but never below its version's provisioned count (starting, idle and busy
 *       containers count towards it, stopping ones do not): the policy never expires a provisioned
 *       container.
 *   <li>A running VM empty for its tenant's window or longer is destroyed, whether this instance
 *       booted it or claimed it from the pool. A VM still being booted or claimed is never expired.
 * </ul>
 *
 * Every stop and destroy reports the window that expired it to the {@link Windows} listener.
 */
final class KeepAlivePlanner {

    /**
     * The longest gap bridged: an idle instance costs {@link ShrunkMemory#FRACTION} of itself per
     * minute once shrunk, a cold start is priced at 60 minutes of a full instance (as {@code
     * ArclightKeepAlivePolicy} prices it), so holding it across a gap pays off below 60 / 0.629 = 95
     * minutes.
     */
    static final Duration MAX_BRIDGED_GAP = Duration.ofMinutes(Math.round(60 / ShrunkMemory.FRACTION));

    /** Told the window of every expiry: {@code kind} is {@code container} or {@code vm}. */
    interface Windows {
        Windows NONE = (kind, policy, window) -> {};

        void chosen(String kind, String policy, Duration window);
    }

    private final KeepAlivePolicy containers;
    private final KeepAlivePolicy vms;
    private final KeepAliveBounds bounds;
    private final Windows windows;

    /** The fixed windows of old: no bounds, no learning. */
    static KeepAlivePlanner fixed(Duration keepAlive, Duration vmKeepAlive) {
        return new KeepAlivePlanner(
                new FixedKeepAlivePolicy("fixed", keepAlive),
                new FixedKeepAlivePolicy("fixed", vmKeepAlive),
                null,
                Windows.NONE);
    }

    /** @param bounds clamp the windows, or null to take them as the policies say */
    KeepAlivePlanner(KeepAlivePolicy containers, KeepAlivePolicy vms, KeepAliveBounds bounds, Windows windows) {
        this.containers = containers;
        this.vms = vms;
        this.bounds = bounds;
        this.windows = windows;
    }

    void invoked(ContainerKey key) {
        containers.invoked(key.functionArn());
        vms.invoked(key.tenant());
    }

    Duration containerWindow(String functionArn) {
        return window(containers.schedule(functionArn));
    }

    Duration vmWindow(String tenant) {
        return window(vms.schedule(tenant));
    }

    KeepAlivePolicy containerPolicy() {
        return containers;
    }

    KeepAlivePolicy vmPolicy() {
        return vms;
    }

    Expiry expire(BookEntries books, Map<ContainerKey, Integer> provisioned) {
        var now = books.clock.instant();
        var stops = new ArrayList<Stop>();
        var live = new HashMap<ContainerKey, Integer>();
        books.containers.values().stream().filter(BookEntries::live).forEach(c -> live.merge(c.key(), 1, Integer::sum));
        var windowOf = new HashMap<String, Duration>();
        for (var container : books.idleOldestFirst(null)) {
            var idle = (Idle) container.state();
            if (live.get(container.key()) <= provisioned.getOrDefault(container.key(), 0)) {
                continue;
            }
            var window = windowOf.computeIfAbsent(container.key().functionArn(), this::containerWindow);
            if (idle.since().plus(window).isAfter(now)) {
                continue;
            }
            live.merge(container.key(), -1, Integer::sum);
            stops.add(books.stop(container));
            windows.chosen("container", containers.name(), window);
        }
        var destroys = new ArrayList<VmHandle>();
        for (var vm : List.copyOf(books.vms.values())) {
            if (vm.state() instanceof VmState.Running running && books.containersIn(vm.id()) == 0) {
                var window = vmWindow(vm.tenant());
                if (!vm.emptySince().plus(window).isAfter(now)) {
                    books.vms.remove(vm.id());
                    destroys.add(running.handle());
                    windows.chosen("vm", vms.name(), window);
                }
            }
        }
        return new Expiry(stops, destroys);
    }

    private Duration window(Schedule schedule) {
        var end = Duration.ZERO;
        for (var interval : schedule.loaded()) {
            if (interval.from().minus(end).compareTo(MAX_BRIDGED_GAP) > 0) {
                break;
            }
            if (interval.to().compareTo(end) > 0) {
                end = interval.to();
            }
        }
        if (bounds == null) {
            return end;
        }
        if (end.compareTo(bounds.minimum()) < 0) {
            return bounds.minimum();
        }
        return end.compareTo(bounds.maximum()) > 0 ? bounds.maximum() : end;
    }
}
