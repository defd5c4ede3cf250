package dev.arclight.worker.vm;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMs of this worker: boots them from a {@link VmSpec} ({@link VmBoot}), resizes their memory
 * through the balloon, reports their memory, destroys them, and at start-up finds the ones an
 * earlier run left ({@link VmReconciler}, deciding by {@link Reconciliation}). Every VM's domain
 * and files are removed when it goes, including when its boot fails.
 *
 * <p>Calls block while libvirt works (a boot under TCG takes seconds); callers on request threads
 * use {@link #bootAsync}, which boots on a virtual thread.
 */
public class VirtualMachines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VirtualMachines.class);

    private final Domains domains;
    private final DomainNames names;
    private final Path vmDir;
    private final Duration bootTimeout;
    private final Clock clock;
    private final VmTable table = new VmTable();
    private final VmOperationTimer timer;
    private final GuestWaits waits;
    private final VmRemoval removal;
    private final VmBoot booter;
    private final VmReconciler reconciler;
    private final ExecutorService boots = Executors.newVirtualThreadPerTaskExecutor();
    private final TcgProperties tcg;

    /** VMs with QEMU's default TCG settings. */
    public VirtualMachines(
            LibvirtConnection libvirt,
            String workerId,
            Path vmDir,
            BootReadiness readiness,
            Duration bootTimeout,
            Clock clock,
            MeterRegistry meters) {
        this(libvirt, workerId, vmDir, readiness, bootTimeout, clock, meters, TcgProperties.qemuDefault());
    }

    public VirtualMachines(
            LibvirtConnection libvirt,
            String workerId,
            Path vmDir,
            BootReadiness readiness,
            Duration bootTimeout,
            Clock clock,
            MeterRegistry meters,
            TcgProperties tcg) {
        this.tcg = tcg;
        this.domains = new Domains(libvirt);
        this.names = new DomainNames(workerId);
        this.vmDir = vmDir;
        this.bootTimeout = bootTimeout;
        this.clock = clock;
        this.timer = new VmOperationTimer(meters);
        this.waits = new GuestWaits(domains, readiness);
        this.removal = new VmRemoval(domains, table);
        this.booter = new VmBoot(domains, names, vmDir, waits, table, removal, timer, clock, tcg);
        this.reconciler = new VmReconciler(domains, names, vmDir, table, removal, clock);
        meters.gauge("arclight.worker.vms", table, VmTable::size);
    }

    public CompletableFuture<VirtualMachine> bootAsync(VmSpec spec) {
        return CompletableFuture.supplyAsync(() -> boot(spec), boots);
    }

    public VirtualMachine boot(VmSpec spec) {
        return boot(spec, bootTimeout);
    }

    /** Defines and starts the VM and waits until the guest is ready, or destroys it and throws. */
    public VirtualMachine boot(VmSpec spec, Duration timeout) {
        return booter.boot(spec, timeout);
    }

    // ---- for Snapshots: VMs it starts are this worker's like any other --------------------------

    Domains domains() {
        return domains;
    }

    Path vmDir() {
        return vmDir;
    }

    Clock clock() {
        return clock;
    }

    Duration bootTimeout() {
        return bootTimeout;
    }

    TcgProperties tcg() {
        return tcg;
    }

    void register(VirtualMachine vm) {
        table.register(vm);
    }

    void update(VirtualMachine vm) {
        table.put(vm);
    }

    /** Removes the VM's domain and files and forgets it, logging rather than throwing. */
    void discard(VirtualMachine vm) {
        removal.discard(vm);
    }

    /** Forgets a VM whose domain is already gone (a saved template) and deletes its files. */
    void forget(VirtualMachine vm) {
        removal.forget(vm);
    }

    void recordOperation(String operation, Duration duration) {
        timer.record(operation, duration);
    }

    void awaitReady(String name, VmFiles files, Duration timeout) {
        waits.awaitReady(name, files, timeout);
    }

    // ---- the VMs' lifecycle once they run ------------------------------------------------------

    /** Stops the VM at once and removes its domain and files; returns its last state, Gone. */
    public VirtualMachine destroy(String id) {
        return destroy(id, "destroyed");
    }

    private VirtualMachine destroy(String id, String reason) {
        var vm = table.require(id);
        table.put(vm.withState(new VmState.Stopping(clock.instant())));
        long t0 = System.nanoTime();
        try {
            domains.remove(vm.domainName());
            vm.files().delete();
        } finally {
            table.remove(id);
        }
        timer.record("destroy", Duration.ofNanos(System.nanoTime() - t0));
        return vm.withState(new VmState.Gone(clock.instant(), reason));
    }

    /** Asks the guest to power off, waits up to {@code grace}, then destroys what is left. */
    public VirtualMachine shutdown(String id, Duration grace) {
        var vm = table.require(id);
        table.put(vm.withState(new VmState.Stopping(clock.instant())));
        var name = vm.domainName();
        try {
            domains.requestShutdown(name);
            waits.awaitStopped(name, grace);
        } catch (VmOperationException e) {
            log.debug("graceful shutdown of {} failed, destroying it: {}", name, e.getMessage());
        }
        return destroy(id, "shut down");
    }

    /** Sets the memory the guest may use, live, by inflating or deflating its balloon. */
    public VirtualMachine setMemory(String id, long memoryMib) {
        var vm = table.require(id);
        if (memoryMib < 64 || memoryMib > vm.maxMemoryMib()) {
            throw new IllegalArgumentException(
                    "memory of VM " + id + " must be between 64 and " + vm.maxMemoryMib() + " MiB, was " + memoryMib);
        }
        domains.setMemory(vm.domainName(), memoryMib * 1024);
        var resized = vm.withMemoryMib(memoryMib);
        table.replace(vm, resized);
        return resized;
    }

    /**
     * Hands a pooled VM to a tenant, for good: the tenant goes into the domain's metadata (live and
     * persistent, so a restarted worker adopts the VM with it) before the worker's own view
     * changes. The same tenant again is a no-op; another tenant is refused, since a VM never serves
     * two. One assignment per VM at a time: the check and the write happen under the VM's map entry.
     */
    public VirtualMachine assign(String id, String tenant) {
        return table.compute(id, (key, vm) -> {
            if (vm == null) {
                throw new NoSuchVmException(id);
            }
            if (vm.tenant().isPresent()) {
                if (vm.tenant().get().equals(tenant)) {
                    return vm;
                }
                throw new VmAlreadyAssignedException(id, vm.tenant().get());
            }
            domains.setMetadata(
                    vm.domainName(),
                    new VmMetadata(names.workerId(), id, Optional.of(tenant), vm.createdAt(), vm.startedBy()));
            log.info("VM {} now serves tenant {}", vm.domainName(), tenant);
            return vm.withTenant(tenant);
        });
    }

    public MemoryStats memoryStats(String id) {
        var vm = table.require(id);
        return domains.memoryStats(vm.domainName(), vm.memoryMib() * 1024);
    }

    // ---- lookup --------------------------------------------------------------------------------

    /** This worker's VMs, without templates being built (they are never handed out). */
    public List<VirtualMachine> list() {
        return table.list();
    }

    public Optional<VirtualMachine> find(String id) {
        return table.find(id);
    }

    public DomainNames names() {
        return names;
    }

    /**
     * Finds the domains an earlier run of this worker left, adopts or destroys them as the policy
     * says, and deletes VM directories no domain owns any more.
     */
    public ReconcileReport reconcile(ReconcilePolicy policy) {
        return reconciler.reconcile(policy);
    }

    @Override
    public void close() {
        boots.shutdownNow();
    }

    /** What a reconcile found and did. */
    public record ReconcileReport(List<String> adopted, List<String> destroyed, List<Path> removedDirectories) {}
}
