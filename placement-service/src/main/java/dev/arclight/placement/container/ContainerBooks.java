package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPlans.Acquisition;
import dev.arclight.placement.container.ContainerPlans.AfterMiss;
import dev.arclight.placement.container.ContainerPlans.Expiry;
import dev.arclight.placement.container.ContainerPlans.Provisioning;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.placement.container.ContainerState.Starting;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 *   <li>else a <b>new container in a VM of the tenant</b> with room (the VM's memory minus that
 *       of every container in it, starting, idle, busy or stopping, fits the function's memory)
 *       that keeps a pre-started runtime of the function's runtime. A booting VM is in the books
 *       from the moment its boot is planned: a concurrent cold call that fits reserves room in it
 *       and waits for the boot, instead of booting a VM of its own;
 *   <li>else, when the books claim from the pool, a <b>VM claimed from pool-service</b> for the
 *       tenant, runtime and memory, the container reserved in it, even when a VM of the tenant
 *       has room but no spare of the runtime (a claim is faster than an interpreter start). Its
 *       size is known only once claimed, so it takes no other container until then ({@link
 *       VmState.Claiming}); claimed ({@link #vmClaimed}), it is the tenant's VM like any other;
 *       missed ({@link #claimMissed}: no warm VM, the pool down or slow), the container goes into a
 *       VM of the tenant with room after all, or the VM is booted, as in (d), open to others;
 *   <li>else (no claims, or the claim missed) a new container in a VM of the tenant with room but
 *       no spare of the runtime;
 *   <li>else a <b>new VM</b> booted for the tenant, of the configured size (the function's memory
 *       if that is larger), with the container reserved in it.
 * </ol>
 *
 * Which VM a new container goes to, (b) to (d), is {@link ContainerPlacement}'s decision (its
 * header has the details and a worked example).
 *
 * A VM only ever holds the containers of the tenant it was booted or claimed for: it is the
 * isolation boundary, and is destroyed rather than handed to anyone else.
 *
 * Keep-alive ({@link #expire}) and provisioned concurrency ({@link #provision}) are the plans of
 * {@link KeepAlivePlanner} and {@link ProvisioningPlanner}, on these books' entries.
 *
 * <h2>Failures</h2>
 *
 * A container that fails to start leaves the books ({@link #startFailed}). A VM whose worker cannot
 * be reached, or whose boot failed, is lost ({@link #vmLost}): it leaves the books with every
 * container in it, since nothing in it can be trusted any more. A report about a container or VM
 * that already left the books changes nothing, and its answer says so.
 */
final class ContainerBooks {

    private final BookEntries books;
    private final ContainerPlacement placement;
    private final KeepAlivePlanner keepAlive;
    private final ProvisioningPlanner provisioning = new ProvisioningPlanner();

    /** Fixed windows, booting every VM (no claims). */
    ContainerBooks(Clock clock, Duration keepAlive, Duration vmKeepAlive, long vmMemoryMib) {
        this(clock, KeepAlivePlanner.fixed(keepAlive, vmKeepAlive), vmMemoryMib, false);
    }

    /** @param claims whether a new VM is first claimed from the pool (c) before one is booted (d) */
    ContainerBooks(Clock clock, KeepAlivePlanner keepAlive, long vmMemoryMib, boolean claims) {
        this.books = new BookEntries(clock);
        this.placement = new ContainerPlacement(books, vmMemoryMib, claims);
        this.keepAlive = keepAlive;
    }

    Acquisition acquire(ContainerSpec spec) {
        var idle = books.containers.values().stream()
                .filter(c -> c.key().equals(spec.key()) && c.state() instanceof Idle)
                .max(Comparator.comparing(c -> ((Idle) c.state()).since()));
        if (idle.isPresent()) {
            var handle = ((Idle) idle.get().state()).handle();
            books.containers.put(idle.get().id(), idle.get().with(new Busy(handle)));
            return new TakeIdle(idle.get().id(), handle);
        }
        return reserve(spec, true);
    }

    /** The worker started the container: it serves its call, or idles if provisioned. */
    ContainerState containerStarted(String containerId, ContainerHandle handle) {
        var container = books.containers.get(containerId);
        if (container == null || !(container.state() instanceof Starting starting)) {
            return new Removed();
        }
        ContainerState next = starting.forCall() ? new Busy(handle) : new Idle(handle, books.clock.instant());
        books.containers.put(containerId, container.with(next));
        return next;
    }

    /** A VM still being claimed held only this container: it leaves with it. */
    void startFailed(String containerId) {
        var container = books.containers.get(containerId);
        books.remove(containerId);
        if (container != null
                && books.vms.get(container.vmId()) instanceof BookedVm vm
                && vm.state() instanceof VmState.Claiming) {
            books.vms.remove(vm.id());
        }
    }

    /** Returns false if the VM left the books while it booted: then nobody wants it. */
    boolean vmBooted(String vmId, VmHandle handle) {
        var vm = books.vms.get(vmId);
        if (vm == null) {
            return false;
        }
        books.vms.put(vmId, vm.with(new VmState.Running(handle)));
        return true;
    }

    /**
     * The pool handed the VM over at {@code memoryMib}, with pre-started {@code runtimes}; false if
     * it left the books (to destroy).
     */
    boolean vmClaimed(String vmId, VmHandle handle, long memoryMib, Collection<String> runtimes) {
        var vm = books.vms.get(vmId);
        if (vm == null || !(vm.state() instanceof VmState.Claiming)) {
            return false;
        }
        books.vms.put(vmId, vm.with(new VmState.Running(handle), memoryMib).withRuntimes(Set.copyOf(runtimes)));
        return true;
    }

    /**
     * No VM from the pool for {@code start}: where its container goes instead ({@link
     * ContainerPlacement#afterMiss}); empty if it left the books.
     */
    Optional<AfterMiss> claimMissed(Start start) {
        return placement.afterMiss(start.vmId(), start.containerId(), start.spec());
    }

    /** Takes the VM and its containers out; returns the VM to destroy if it had booted. */
    Optional<VmHandle> vmLost(String vmId) {
        var vm = books.vms.remove(vmId);
        if (vm == null) {
            return Optional.empty();
        }
        books.containers.values().removeIf(c -> c.vmId().equals(vmId));
        return vm.handle();
    }

    Optional<String> vmOf(String containerId) {
        return Optional.ofNullable(books.containers.get(containerId)).map(BookedContainer::vmId);
    }

    /** The call ended normally: an invocation for the keep-alive policy. */
    void release(String containerId) {
        var container = books.containers.get(containerId);
        if (container != null && container.state() instanceof Busy busy) {
            books.containers.put(containerId, container.with(new Idle(busy.handle(), books.clock.instant())));
            keepAlive.invoked(container.key());
        }
    }

    /** Takes an unusable container out; returns it to stop if it was still in the books. */
    Optional<ContainerHandle> discard(String containerId) {
        var container = books.containers.get(containerId);
        if (container == null) {
            return Optional.empty();
        }
        if (container.state() instanceof Busy) {
            // The call ended, if badly: it is demand all the same.
            keepAlive.invoked(container.key());
        }
        books.remove(containerId);
        return ContainerState.handleOf(container.state());
    }

    Expiry expire() {
        return keepAlive.expire(books, provisioning.counts());
    }

    KeepAlivePlanner keepAlive() {
        return keepAlive;
    }

    /** A stopping container was stopped (or could not be): its memory is free again. */
    void stopped(String containerId) {
        books.remove(containerId);
    }

    Provisioning provision(Map<ContainerKey, ProvisionedTarget> targets) {
        return provisioning.provision(books, targets, spec -> reserve(spec, false));
    }

    /** Empties the books; returns every booted or claimed VM, to destroy. */
    List<VmHandle> shutdown() {
        var held =
                books.vms.values().stream().flatMap(vm -> vm.handle().stream()).toList();
        books.containers.clear();
        books.vms.clear();
        return held;
    }

    ContainerState state(String containerId) {
        var container = books.containers.get(containerId);
        return container == null ? new Removed() : container.state();
    }

    List<BookedContainer> containers() {
        return List.copyOf(books.containers.values());
    }

    List<BookedVm> vms() {
        return List.copyOf(books.vms.values());
    }

    int containersIn(String vmId) {
        return books.containersIn(vmId);
    }

    private Start reserve(ContainerSpec spec, boolean forCall) {
        return placement.place(spec, forCall);
    }
}
