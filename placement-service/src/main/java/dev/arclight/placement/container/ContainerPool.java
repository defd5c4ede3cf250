package dev.arclight.placement.container;

import dev.arclight.placement.worker.WorkerUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers and VMs this placement instance started, and the decision of which one serves a
 * call.
 *
 * <h2>Algorithm</h2>
 *
 * A call for a function version takes, in this order:
 *
 * <ol>
 *   <li>an <b>idle container</b> of that version (the most recently used one, so that surplus
 *       containers are the ones left to expire); it is busy until released, one call at a time;
 *   <li>else a <b>new container in a VM the tenant holds</b> whose memory, minus the memory of the
 *       containers already in it (starting, idle, busy or stopping), fits the function's memory.
 *       Running VMs come before booting ones, and the fullest fitting VM first, so that the others
 *       can empty out and be destroyed;
 *   <li>else a <b>new VM</b> for the tenant, of the configured size (or the function's memory if
 *       that is larger), and the container in it.
 * </ol>
 *
 * A VM being booted is already in the books: a concurrent cold call of the same tenant that fits
 * into it reserves its memory and waits for the boot instead of booting another VM.
 *
 * <h2>Expiry and provisioned concurrency</h2>
 *
 * {@link #expire()} stops containers idle for longer than the keep-alive, oldest first, but never
 * below a version's provisioned count, and destroys VMs that have been empty for longer than the
 * VM keep-alive. {@link #provision} sets the provisioned counts and starts the missing containers
 * (idle, not busy). Busy and starting containers count towards the provisioned number, as Lambda
 * counts initialized environments. A count that drops (this instance's share moved to another
 * member of the arc, or the config shrank or went away) stops that many surplus idle containers at
 * once, oldest first, instead of leaving them to the keep-alive: the instances together hold what
 * was asked for, not more.
 *
 * <h2>Failures</h2>
 *
 * A worker that cannot be reached while starting a container takes the whole VM out of the books
 * (nothing in it can be trusted any more); a call that fails on a container drops that container
 * ({@link #discard}). Worker calls happen outside the lock; the lock only guards the books.
 */
public class ContainerPool {

    private static final Logger log = LoggerFactory.getLogger(ContainerPool.class);

    /** A container's place in its life. Stopped and dropped containers leave the books. */
    public enum State {
        STARTING,
        IDLE,
        BUSY,
        STOPPING
    }

    /** A VM's place in its life. */
    public enum VmState {
        BOOTING,
        RUNNING
    }

    /** A container as the books hold it, for metrics and tests. */
    public record ContainerInfo(String containerId, ContainerKey key, String workerId, String vmId, State state) {}

    /** A VM as the books hold it, for metrics and tests. */
    public record VmInfo(String tenant, String workerId, String vmId, long memoryMib, VmState state, int containers) {}

    private final ContainerLauncher launcher;
    private final Clock clock;
    private final Duration keepAlive;
    private final Duration vmKeepAlive;
    private final long vmMemoryMib;
    private final Duration bootWait;

    private final Object lock = new Object();
    private final Map<ContainerKey, List<Container>> containers = new HashMap<>();
    private final Map<String, List<Vm>> vms = new HashMap<>();
    private Map<ContainerKey, Integer> provisioned = Map.of();

    public ContainerPool(
            ContainerLauncher launcher,
            Clock clock,
            Duration keepAlive,
            Duration vmKeepAlive,
            long vmMemoryMib,
            Duration bootWait) {
        this.launcher = launcher;
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.vmKeepAlive = vmKeepAlive;
        this.vmMemoryMib = vmMemoryMib;
        this.bootWait = bootWait;
    }

    /**
     * Takes a container for one call: idle, or started for it (which may boot a VM). The caller
     * must hand it back with {@link #release} or {@link #discard}.
     */
    public Lease acquire(ContainerSpec spec) {
        Reservation reservation;
        synchronized (lock) {
            var idle = takeIdle(spec.key());
            if (idle != null) {
                return new Lease(idle, false);
            }
            reservation = reserve(spec);
        }
        start(reservation, spec, State.BUSY);
        return new Lease(reservation.container, true);
    }

    /** The call ended normally: the container waits for the next one. */
    public void release(Lease lease) {
        synchronized (lock) {
            var container = lease.container;
            if (container.state == State.BUSY) {
                container.state = State.IDLE;
                container.idleSince = clock.instant();
            }
        }
    }

    /** The call failed in a way that leaves the container unusable: forget it and try to stop it. */
    public void discard(Lease lease) {
        var container = lease.container;
        synchronized (lock) {
            if (container.gone) {
                return;
            }
            remove(container);
        }
        Thread.ofVirtual().name("discard-" + container.id).start(() -> stopQuietly(container));
    }

    /** Stops expired idle containers and destroys VMs empty for too long. */
    public void expire() {
        var stopping = new ArrayList<Container>();
        var destroying = new ArrayList<Vm>();
        synchronized (lock) {
            var now = clock.instant();
            for (var entry : containers.entrySet()) {
                var live = entry.getValue();
                int keep = provisioned.getOrDefault(entry.getKey(), 0);
                var idleOldestFirst = live.stream()
                        .filter(c -> c.state == State.IDLE)
                        .sorted(Comparator.comparing(c -> c.idleSince))
                        .toList();
                int count = live.size();
                for (var container : idleOldestFirst) {
                    if (count <= keep || container.idleSince.plus(keepAlive).isAfter(now)) {
                        break;
                    }
                    container.state = State.STOPPING;
                    live.remove(container);
                    count--;
                    stopping.add(container);
                }
            }
            containers.values().removeIf(List::isEmpty);
            for (var vm : vms.values().stream().flatMap(List::stream).toList()) {
                if (vm.state == VmState.RUNNING
                        && vm.containers.isEmpty()
                        && !vm.emptySince.plus(vmKeepAlive).isAfter(now)) {
                    forget(vm);
                    destroying.add(vm);
                }
            }
        }
        for (var container : stopping) {
            stopQuietly(container);
            synchronized (lock) {
                remove(container);
            }
        }
        for (var vm : destroying) {
            destroyQuietly(vm);
        }
    }

    /**
     * Sets the provisioned counts (replacing the previous ones) and starts the containers missing
     * to reach them. Returns how many it started.
     */
    public int provision(Map<ContainerKey, ProvisionedTarget> targets) {
        var pending = new ArrayList<Map.Entry<Reservation, ContainerSpec>>();
        var released = new ArrayList<Container>();
        synchronized (lock) {
            var counts = new HashMap<ContainerKey, Integer>();
            targets.forEach((key, target) -> counts.put(key, target.count()));
            provisioned.forEach((key, before) -> {
                int after = counts.getOrDefault(key, 0);
                if (after < before) {
                    released.addAll(takeSurplusIdle(key, before - after, after));
                }
            });
            provisioned = Map.copyOf(counts);
            for (var target : targets.values()) {
                int live =
                        containers.getOrDefault(target.spec().key(), List.of()).size();
                for (int i = live; i < target.count(); i++) {
                    pending.add(Map.entry(reserve(target.spec()), target.spec()));
                }
            }
        }
        for (var container : released) {
            stopQuietly(container);
            synchronized (lock) {
                remove(container);
            }
        }
        int started = 0;
        // In order: a reservation that boots a VM comes before those that wait for it.
        for (var start : pending) {
            try {
                start(start.getKey(), start.getValue(), State.IDLE);
                started++;
            } catch (RuntimeException e) {
                log.warn(
                        "Could not start a provisioned container of {}: {}",
                        start.getValue().key().functionArn(),
                        e.getMessage());
            }
        }
        return started;
    }

    /** Destroys every VM this instance booted (which ends their containers), best effort. */
    public void shutdown() {
        List<Vm> all;
        synchronized (lock) {
            all = vms.values().stream().flatMap(List::stream).toList();
            all.forEach(vm -> vm.containers.forEach(c -> c.gone = true));
            containers.clear();
            vms.clear();
        }
        for (var vm : all) {
            if (vm.handle != null) {
                destroyQuietly(vm);
            }
        }
    }

    public List<ContainerInfo> containers() {
        synchronized (lock) {
            return vms.values().stream()
                    .flatMap(List::stream)
                    .flatMap(vm -> vm.containers.stream())
                    .map(Container::info)
                    .toList();
        }
    }

    public List<VmInfo> vms() {
        synchronized (lock) {
            return vms.values().stream().flatMap(List::stream).map(Vm::info).toList();
        }
    }

    public Map<State, Integer> countByState() {
        var counts = new EnumMap<State, Integer>(State.class);
        for (var state : State.values()) {
            counts.put(state, 0);
        }
        containers().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        return counts;
    }

    // --- under the lock -------------------------------------------------------------------------

    private Container takeIdle(ContainerKey key) {
        var idle = containers.getOrDefault(key, List.of()).stream()
                .filter(c -> c.state == State.IDLE)
                .max(Comparator.comparing(c -> c.idleSince))
                .orElse(null);
        if (idle != null) {
            idle.state = State.BUSY;
        }
        return idle;
    }

    /**
     * Marks up to {@code drop} idle containers of {@code key} as stopping, oldest idle first, never
     * leaving fewer than {@code keep}; the caller stops them outside the lock.
     */
    private List<Container> takeSurplusIdle(ContainerKey key, int drop, int keep) {
        var live = containers.getOrDefault(key, List.of());
        int surplus = Math.min(drop, live.size() - keep);
        var taken = live.stream()
                .filter(c -> c.state == State.IDLE)
                .sorted(Comparator.comparing(c -> c.idleSince))
                .limit(Math.max(0, surplus))
                .toList();
        if (taken.isEmpty()) {
            return taken;
        }
        taken.forEach(c -> c.state = State.STOPPING);
        // Out of the version's list at once, as expire() does: nothing counts or takes them now.
        live.removeAll(taken);
        if (live.isEmpty()) {
            containers.remove(key);
        }
        return taken;
    }

    private Reservation reserve(ContainerSpec spec) {
        var vm = vmWithRoom(spec.tenant(), spec.memoryMib());
        boolean boots = vm == null;
        if (boots) {
            vm = new Vm(spec.tenant(), Math.max(vmMemoryMib, spec.memoryMib()), clock.instant());
            vms.computeIfAbsent(spec.tenant(), t -> new ArrayList<>()).add(vm);
        }
        var container = new Container(
                "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                spec.key(),
                spec.memoryMib(),
                vm);
        vm.containers.add(container);
        containers.computeIfAbsent(spec.key(), k -> new ArrayList<>()).add(container);
        return new Reservation(container, boots);
    }

    private Vm vmWithRoom(String tenant, int memoryMib) {
        return vms.getOrDefault(tenant, List.of()).stream()
                .filter(vm -> vm.freeMemoryMib() >= memoryMib)
                .min(Comparator.comparing((Vm vm) -> vm.state == VmState.RUNNING ? 0 : 1)
                        .thenComparingLong(Vm::freeMemoryMib))
                .orElse(null);
    }

    private void remove(Container container) {
        container.gone = true;
        var live = containers.get(container.key);
        if (live != null) {
            live.remove(container);
            if (live.isEmpty()) {
                containers.remove(container.key);
            }
        }
        var vm = container.vm;
        if (vm.containers.remove(container) && vm.containers.isEmpty()) {
            vm.emptySince = clock.instant();
        }
    }

    /** Takes a VM and everything in it out of the books. */
    private void forget(Vm vm) {
        for (var container : List.copyOf(vm.containers)) {
            remove(container);
        }
        var tenantVms = vms.get(vm.tenant);
        if (tenantVms != null) {
            tenantVms.remove(vm);
            if (tenantVms.isEmpty()) {
                vms.remove(vm.tenant);
            }
        }
    }

    // --- worker calls, outside the lock ---------------------------------------------------------

    private void start(Reservation reservation, ContainerSpec spec, State startedAs) {
        var container = reservation.container;
        var vm = container.vm;
        try {
            var vmHandle = reservation.bootsVm ? boot(vm) : awaitBoot(vm);
            var handle = launcher.startContainer(vmHandle, container.id, spec);
            synchronized (lock) {
                if (container.gone) {
                    throw new WorkerUnavailableException(
                            vmHandle.workerId(),
                            "VM " + vmHandle.vmId() + " was lost while the container started",
                            null);
                }
                container.handle = handle;
                container.state = startedAs;
                container.idleSince = clock.instant();
            }
        } catch (WorkerUnavailableException e) {
            // The worker may have lost the VM, or may not answer for it again: stop using it.
            boolean forgotten;
            VmHandle lost;
            synchronized (lock) {
                forgotten = vms.getOrDefault(vm.tenant, List.of()).contains(vm);
                lost = vm.handle;
                forget(vm);
            }
            if (forgotten && lost != null) {
                Thread.ofVirtual().name("destroy-" + vm.handle.vmId()).start(() -> destroyQuietly(vm));
            }
            throw e;
        } catch (RuntimeException e) {
            synchronized (lock) {
                remove(container);
            }
            throw e;
        }
    }

    private VmHandle boot(Vm vm) {
        try {
            var handle = launcher.bootVm(vm.tenant, vm.memoryMib);
            synchronized (lock) {
                vm.handle = handle;
                vm.state = VmState.RUNNING;
            }
            vm.ready.complete(handle);
            return handle;
        } catch (RuntimeException e) {
            synchronized (lock) {
                forget(vm);
            }
            vm.ready.completeExceptionally(e);
            throw e;
        }
    }

    private VmHandle awaitBoot(Vm vm) {
        try {
            return vm.ready.get(bootWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new WorkerUnavailableException("unknown", "VM boot did not finish within " + bootWait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a VM to boot", e);
        }
    }

    private void stopQuietly(Container container) {
        if (container.handle == null) {
            return;
        }
        try {
            launcher.stopContainer(container.handle);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not stop container {} on {}: {}", container.id, container.handle.workerId(), e.getMessage());
        }
    }

    private void destroyQuietly(Vm vm) {
        try {
            launcher.destroyVm(vm.handle);
        } catch (RuntimeException e) {
            log.warn("Could not destroy VM {} on {}: {}", vm.handle.vmId(), vm.handle.workerId(), e.getMessage());
        }
    }

    /** How many containers of a version to keep initialized, and what they run. */
    public record ProvisionedTarget(ContainerSpec spec, int count) {}

    /** A container taken for one call. */
    public static final class Lease {

        private final Container container;
        private final boolean cold;

        private Lease(Container container, boolean cold) {
            this.container = container;
            this.cold = cold;
        }

        public ContainerHandle handle() {
            return container.handle;
        }

        /** Whether the container was started for this call. */
        public boolean cold() {
            return cold;
        }
    }

    private record Reservation(Container container, boolean bootsVm) {}

    private static final class Vm {
        final String tenant;
        final long memoryMib;
        final List<Container> containers = new ArrayList<>();
        final CompletableFuture<VmHandle> ready = new CompletableFuture<>();
        VmHandle handle;
        VmState state = VmState.BOOTING;
        Instant emptySince;

        Vm(String tenant, long memoryMib, Instant now) {
            this.tenant = tenant;
            this.memoryMib = memoryMib;
            this.emptySince = now;
        }

        long freeMemoryMib() {
            return memoryMib - containers.stream().mapToLong(c -> c.memoryMib).sum();
        }

        VmInfo info() {
            return new VmInfo(
                    tenant,
                    handle == null ? null : handle.workerId(),
                    handle == null ? null : handle.vmId(),
                    memoryMib,
                    state,
                    containers.size());
        }
    }

    private static final class Container {
        final String id;
        final ContainerKey key;
        final int memoryMib;
        final Vm vm;
        ContainerHandle handle;
        State state = State.STARTING;
        Instant idleSince;
        boolean gone;

        Container(String id, ContainerKey key, int memoryMib, Vm vm) {
            this.id = id;
            this.key = key;
            this.memoryMib = memoryMib;
            this.vm = vm;
        }

        ContainerInfo info() {
            return new ContainerInfo(
                    handle == null ? id : handle.containerId(),
                    key,
                    vm.handle == null ? null : vm.handle.workerId(),
                    vm.handle == null ? null : vm.handle.vmId(),
                    state);
        }
    }
}
