package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPlans.Acquisition;
import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.Expiry;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Provisioning;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.Stop;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.placement.container.ContainerState.Starting;
import dev.arclight.placement.container.ContainerState.Stopping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The containers and tenant VMs this placement instance holds, and every decision about them. No
 * I/O, no threads, no locks: {@link ContainerPool} serialises the calls, carries out the plans on
 * the workers and reports back.
 *
 * <h2>Algorithm</h2>
 *
 * {@link #acquire} gives a call of a function version, in this order of preference:
 *
 * <ol>
 *   <li>an <b>idle container</b> of that version (key and revision), the most recently used one,
 *       so that the surplus ones are those left to expire. It is busy until released;
 *   <li>else a <b>new container in a VM of the tenant</b> with room: the VM's memory minus that of
 *       every container in it (starting, idle, busy or stopping) fits the function's memory.
 *       Running VMs come before booting ones (no wait), then the fullest fitting VM, so that the
 *       others can empty out and be destroyed. A booting VM is in the books from the moment its
 *       boot is planned: a concurrent cold call that fits reserves room in it and waits for the
 *       boot, instead of booting a VM of its own;
 *   <li>else a <b>new VM</b> for the tenant of the configured size (the function's memory if that
 *       is larger), with the container reserved in it.
 * </ol>
 *
 * A VM only ever holds the containers of the tenant it was booted for: it is the isolation
 * boundary, and is destroyed rather than handed to anyone else.
 *
 * <h2>Keep-alive and provisioned concurrency</h2>
 *
 * {@link #expire} stops a container idle for the keep-alive or longer (exactly the keep-alive
 * included), oldest first, but never below the version's provisioned count; starting, idle and busy
 * containers count towards it (as Lambda counts initialized environments), stopping ones do not. It
 * destroys a running VM empty for the VM keep-alive or longer. {@link #provision} replaces the
 * provisioned counts and reserves the containers missing to reach them, started idle; a count that
 * went down (this instance's share moved to another member of the arc, or the config shrank) stops
 * that many surplus idle containers at once instead of leaving them to the keep-alive.
 *
 * <h2>Failures</h2>
 *
 * A container that fails to start leaves the books ({@link #startFailed}). A VM whose worker cannot
 * be reached, or whose boot failed, is lost ({@link #vmLost}): it leaves the books with every
 * container in it, since nothing in it can be trusted any more. A report about a container or VM
 * that already left the books changes nothing, and its answer says so.
 */
final class ContainerBooks {

    private final Clock clock;
    private final Duration keepAlive;
    private final Duration vmKeepAlive;
    private final long vmMemoryMib;

    private final Map<String, BookedContainer> containers = new LinkedHashMap<>();
    private final Map<String, BookedVm> vms = new LinkedHashMap<>();
    private Map<ContainerKey, Integer> provisioned = Map.of();

    ContainerBooks(Clock clock, Duration keepAlive, Duration vmKeepAlive, long vmMemoryMib) {
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.vmKeepAlive = vmKeepAlive;
        this.vmMemoryMib = vmMemoryMib;
    }

    Acquisition acquire(ContainerSpec spec) {
        var idle = containers.values().stream()
                .filter(c -> c.key().equals(spec.key()) && c.state() instanceof Idle)
                .max(Comparator.comparing(c -> ((Idle) c.state()).since()));
        if (idle.isPresent()) {
            var handle = ((Idle) idle.get().state()).handle();
            containers.put(idle.get().id(), idle.get().with(new Busy(handle)));
            return new TakeIdle(idle.get().id(), handle);
        }
        return reserve(spec, true);
    }

    /** The worker started the container: it serves its call, or idles if provisioned. */
    ContainerState containerStarted(String containerId, ContainerHandle handle) {
        var container = containers.get(containerId);
        if (container == null || !(container.state() instanceof Starting starting)) {
            return new Removed();
        }
        ContainerState next = starting.forCall() ? new Busy(handle) : new Idle(handle, clock.instant());
        containers.put(containerId, container.with(next));
        return next;
    }

    void startFailed(String containerId) {
        remove(containerId);
    }

    /** Returns false if the VM left the books while it booted: then nobody wants it. */
    boolean vmBooted(String vmId, VmHandle handle) {
        var vm = vms.get(vmId);
        if (vm == null) {
            return false;
        }
        vms.put(vmId, vm.with(new VmState.Running(handle)));
        return true;
    }

    /** Takes the VM and its containers out; returns the VM to destroy if it had booted. */
    Optional<VmHandle> vmLost(String vmId) {
        var vm = vms.remove(vmId);
        if (vm == null) {
            return Optional.empty();
        }
        containers.values().removeIf(c -> c.vmId().equals(vmId));
        return vm.handle();
    }

    /** The call ended normally. */
    void release(String containerId) {
        var container = containers.get(containerId);
        if (container != null && container.state() instanceof Busy busy) {
            containers.put(containerId, container.with(new Idle(busy.handle(), clock.instant())));
        }
    }

    /** Takes an unusable container out; returns it to stop if it was still in the books. */
    Optional<ContainerHandle> discard(String containerId) {
        var container = containers.get(containerId);
        if (container == null) {
            return Optional.empty();
        }
        remove(containerId);
        return ContainerState.handleOf(container.state());
    }

    Expiry expire() {
        var now = clock.instant();
        var stops = new ArrayList<Stop>();
        var live = new HashMap<ContainerKey, Integer>();
        containers.values().stream().filter(ContainerBooks::live).forEach(c -> live.merge(c.key(), 1, Integer::sum));
        var idleOldestFirst = containers.values().stream()
                .filter(c -> c.state() instanceof Idle)
                .sorted(Comparator.comparing(c -> ((Idle) c.state()).since()))
                .toList();
        for (var container : idleOldestFirst) {
            var idle = (Idle) container.state();
            if (live.get(container.key()) <= provisioned.getOrDefault(container.key(), 0)
                    || idle.since().plus(keepAlive).isAfter(now)) {
                continue;
            }
            live.merge(container.key(), -1, Integer::sum);
            containers.put(container.id(), container.with(new Stopping(idle.handle())));
            stops.add(new Stop(container.id(), idle.handle()));
        }
        var destroys = new ArrayList<VmHandle>();
        for (var vm : List.copyOf(vms.values())) {
            if (vm.state() instanceof VmState.Running running
                    && containersIn(vm.id()) == 0
                    && !vm.emptySince().plus(vmKeepAlive).isAfter(now)) {
                vms.remove(vm.id());
                destroys.add(running.handle());
            }
        }
        return new Expiry(stops, destroys);
    }

    /** A stopping container was stopped (or could not be): its memory is free again. */
    void stopped(String containerId) {
        remove(containerId);
    }

    /**
     * Replaces the provisioned counts; returns the starts (idle) missing to reach them, and, where a
     * count went down, that many surplus idle containers to stop now (oldest idle first, never a
     * busy one, never below the new count), so that the instances together hold what was asked.
     */
    Provisioning provision(Map<ContainerKey, ProvisionedTarget> targets) {
        var counts = new HashMap<ContainerKey, Integer>();
        targets.forEach((key, target) -> counts.put(key, target.count()));
        var releases = new ArrayList<Stop>();
        provisioned.forEach((key, before) -> {
            int after = counts.getOrDefault(key, 0);
            long surplus = Math.min(before - after, liveCount(key) - after);
            idleOldestFirst(key).stream().limit(Math.max(0, surplus)).forEach(container -> {
                var idle = (Idle) container.state();
                containers.put(container.id(), container.with(new Stopping(idle.handle())));
                releases.add(new Stop(container.id(), idle.handle()));
            });
        });
        provisioned = Map.copyOf(counts);
        var starts = new ArrayList<Start>();
        for (var target : targets.values()) {
            for (long i = liveCount(target.spec().key()); i < target.count(); i++) {
                starts.add(reserve(target.spec(), false));
            }
        }
        return new Provisioning(starts, releases);
    }

    private long liveCount(ContainerKey key) {
        return containers.values().stream()
                .filter(c -> live(c) && c.key().equals(key))
                .count();
    }

    private List<BookedContainer> idleOldestFirst(ContainerKey key) {
        return containers.values().stream()
                .filter(c -> c.key().equals(key) && c.state() instanceof Idle)
                .sorted(Comparator.comparing(c -> ((Idle) c.state()).since()))
                .toList();
    }

    /** Empties the books; returns every booted VM, to destroy. */
    List<VmHandle> shutdown() {
        var booted = vms.values().stream().flatMap(vm -> vm.handle().stream()).toList();
        containers.clear();
        vms.clear();
        return booted;
    }

    ContainerState state(String containerId) {
        var container = containers.get(containerId);
        return container == null ? new Removed() : container.state();
    }

    List<BookedContainer> containers() {
        return List.copyOf(containers.values());
    }

    List<BookedVm> vms() {
        return List.copyOf(vms.values());
    }

    int containersIn(String vmId) {
        return (int) in(vmId).count();
    }

    private Stream<BookedContainer> in(String vmId) {
        return containers.values().stream().filter(c -> c.vmId().equals(vmId));
    }

    private Start reserve(ContainerSpec spec, boolean forCall) {
        var vm = vms.values().stream()
                .filter(v -> v.tenant().equals(spec.tenant()) && freeMemoryMib(v) >= spec.memoryMib())
                .min(Comparator.comparing((BookedVm v) -> v.state() instanceof VmState.Running ? 0 : 1)
                        .thenComparingLong(this::freeMemoryMib));
        var containerId = newId("c-");
        ContainerPlans.VmStep step;
        String vmId;
        if (vm.isPresent()) {
            vmId = vm.get().id();
            step = vm.get().state() instanceof VmState.Running running
                    ? new InRunningVm(running.handle())
                    : new AwaitBoot();
        } else {
            vmId = newId("b-");
            long memoryMib = Math.max(vmMemoryMib, spec.memoryMib());
            vms.put(vmId, BookedVm.booting(vmId, spec.tenant(), memoryMib, clock.instant()));
            step = new BootVm(spec.tenant(), memoryMib);
        }
        containers.put(
                containerId,
                new BookedContainer(containerId, spec.key(), spec.memoryMib(), vmId, new Starting(forCall)));
        return new Start(containerId, vmId, spec, step);
    }

    private long freeMemoryMib(BookedVm vm) {
        return vm.memoryMib()
                - in(vm.id()).mapToLong(BookedContainer::memoryMib).sum();
    }

    private void remove(String containerId) {
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
    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Counts towards a version's containers: not on its way out. */
    private static boolean live(BookedContainer container) {
        return !(container.state() instanceof Stopping);
    }
}
