package dev.arclight.worker.vm;

import dev.arclight.worker.vm.Reconciliation.Decision;
import dev.arclight.worker.vm.VmState.BootTimes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMs of this worker: boots them from a {@link VmSpec}, resizes their memory through the
 * balloon, reports their memory, destroys them, and at start-up finds the ones an earlier run left
 * (see {@link Reconciliation}). Every VM's domain and files are removed when it goes, including
 * when its boot fails.
 *
 * <p>Calls block while libvirt works (a boot under TCG takes seconds); callers on request threads
 * use {@link #bootAsync}, which boots on a virtual thread.
 */
public class VirtualMachines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VirtualMachines.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CRASH_CHECK = Duration.ofMillis(500);

    private final Domains domains;
    private final DomainNames names;
    private final Path vmDir;
    private final BootReadiness readiness;
    private final Duration bootTimeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, VirtualMachine> vms = new ConcurrentHashMap<>();
    private final ExecutorService boots = Executors.newVirtualThreadPerTaskExecutor();

    public VirtualMachines(
            LibvirtConnection libvirt,
            String workerId,
            Path vmDir,
            BootReadiness readiness,
            Duration bootTimeout,
            Clock clock,
            MeterRegistry meters) {
        this.domains = new Domains(libvirt);
        this.names = new DomainNames(workerId);
        this.vmDir = vmDir;
        this.readiness = readiness;
        this.bootTimeout = bootTimeout;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("arclight.worker.vms", vms, Map::size);
    }

    public CompletableFuture<VirtualMachine> bootAsync(VmSpec spec) {
        return CompletableFuture.supplyAsync(() -> boot(spec), boots);
    }

    public VirtualMachine boot(VmSpec spec) {
        return boot(spec, bootTimeout);
    }

    /** Defines and starts the VM and waits until the guest is ready, or destroys it and throws. */
    public VirtualMachine boot(VmSpec spec, Duration timeout) {
        var name = names.domainName(spec.id());
        var createdAt = clock.instant();
        var files = new VmFiles(vmDir.resolve(name));
        var vm = new VirtualMachine(
                spec.id(),
                name,
                spec.tenant(),
                spec.memoryMib(),
                spec.maxMemoryMib(),
                spec.vcpus(),
                spec.accel(),
                files,
                createdAt,
                new VmState.Defining(createdAt));
        if (vms.putIfAbsent(spec.id(), vm) != null) {
            throw new VmOperationException("VM " + spec.id() + " already exists on this worker");
        }
        try {
            files.create();
            var xml = DomainXml.render(
                    name, spec, new VmMetadata(names.workerId(), spec.id(), spec.tenant(), createdAt), files);
            long t0 = System.nanoTime();
            domains.define(name, xml);
            long t1 = System.nanoTime();
            domains.start(name);
            long t2 = System.nanoTime();
            vms.put(spec.id(), vm.withState(new VmState.Booting(clock.instant())));
            awaitReady(name, files, timeout);
            long t3 = System.nanoTime();
            var times = new BootTimes(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
            record("define", times.define());
            record("start", times.start());
            record("ready", times.startToReady());
            var running = vm.withState(new VmState.Running(clock.instant(), Optional.of(times)));
            vms.put(spec.id(), running);
            log.info(
                    "VM {} ({}, {}) ready in {} ms",
                    name,
                    spec.accel(),
                    spec.memoryMib() + " MiB",
                    times.total().toMillis());
            return running;
        } catch (RuntimeException e) {
            removeQuietly(name, files);
            vms.remove(spec.id());
            throw e;
        }
    }

    private void awaitReady(String name, VmFiles files, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        try (var watch = readiness.watch(files)) {
            while (true) {
                // In slices, so that a guest that died is noticed without waiting for the deadline.
                var slice = Math.min(CRASH_CHECK.toNanos(), Math.max(0, deadline - System.nanoTime()));
                try {
                    if (watch.awaitReady(Duration.ofNanos(slice))) {
                        return;
                    }
                } catch (IOException e) {
                    log.debug("readiness check of {} failed, retrying: {}", name, e.toString());
                    sleep(POLL);
                }
                if (!domains.isActive(name)) {
                    throw new VmBootException("VM " + name + " stopped while booting" + consoleTail(files));
                }
                if (System.nanoTime() >= deadline) {
                    throw new VmBootException("VM " + name + " was not ready within " + timeout + consoleTail(files));
                }
            }
        }
    }

    /** Stops the VM at once and removes its domain and files; returns its last state, Gone. */
    public VirtualMachine destroy(String id) {
        return destroy(id, "destroyed");
    }

    private VirtualMachine destroy(String id, String reason) {
        var vm = require(id);
        vms.put(id, vm.withState(new VmState.Stopping(clock.instant())));
        long t0 = System.nanoTime();
        try {
            domains.remove(vm.domainName());
            vm.files().delete();
        } finally {
            vms.remove(id);
        }
        record("destroy", Duration.ofNanos(System.nanoTime() - t0));
        return vm.withState(new VmState.Gone(clock.instant(), reason));
    }

    /** Asks the guest to power off, waits up to {@code grace}, then destroys what is left. */
    public VirtualMachine shutdown(String id, Duration grace) {
        var vm = require(id);
        vms.put(id, vm.withState(new VmState.Stopping(clock.instant())));
        var name = vm.domainName();
        try {
            domains.requestShutdown(name);
            var deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline && domains.isActive(name)) {
                sleep(POLL);
            }
        } catch (VmOperationException e) {
            log.debug("graceful shutdown of {} failed, destroying it: {}", name, e.getMessage());
        }
        return destroy(id, "shut down");
    }

    /** Sets the memory the guest may use, live, by inflating or deflating its balloon. */
    public VirtualMachine setMemory(String id, long memoryMib) {
        var vm = require(id);
        if (memoryMib < 64 || memoryMib > vm.maxMemoryMib()) {
            throw new IllegalArgumentException(
                    "memory of VM " + id + " must be between 64 and " + vm.maxMemoryMib() + " MiB, was " + memoryMib);
        }
        domains.setMemory(vm.domainName(), memoryMib * 1024);
        var resized = vm.withMemoryMib(memoryMib);
        vms.replace(id, vm, resized);
        return resized;
    }

    /**
     * Hands a pooled VM to a tenant, for good: the tenant goes into the domain's metadata (live and
     * persistent, so a restarted worker adopts the VM with it) before the worker's own view
     * changes. The same tenant again is a no-op; another tenant is refused, since a VM never serves
     * two. One assignment per VM at a time: the check and the write happen under the VM's map entry.
     */
    public VirtualMachine assign(String id, String tenant) {
        var assigned = vms.compute(id, (key, vm) -> {
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
                    vm.domainName(), new VmMetadata(names.workerId(), id, Optional.of(tenant), vm.createdAt()));
            log.info("VM {} now serves tenant {}", vm.domainName(), tenant);
            return vm.withTenant(tenant);
        });
        return assigned;
    }

    public MemoryStats memoryStats(String id) {
        var vm = require(id);
        return domains.memoryStats(vm.domainName(), vm.memoryMib() * 1024);
    }

    public List<VirtualMachine> list() {
        return vms.values().stream()
                .sorted(Comparator.comparing(VirtualMachine::id))
                .toList();
    }

    public Optional<VirtualMachine> find(String id) {
        return Optional.ofNullable(vms.get(id));
    }

    public DomainNames names() {
        return names;
    }

    /**
     * Finds the domains an earlier run of this worker left, adopts or destroys them as the policy
     * says, and deletes VM directories no domain owns any more.
     */
    public ReconcileReport reconcile(ReconcilePolicy policy) {
        var decisions = Reconciliation.decide(policy, names, domains.withPrefix(names.prefix()));
        var adopted = new ArrayList<String>();
        var destroyed = new ArrayList<String>();
        for (var decision : decisions) {
            switch (decision) {
                case Decision.Adopt a -> {
                    vms.put(a.metadata().vmId(), adopt(a));
                    adopted.add(a.metadata().vmId());
                }
                case Decision.Destroy d -> {
                    log.info(
                            "destroying VM {} left by an earlier run: {}",
                            d.domain().name(),
                            d.reason());
                    removeQuietly(
                            d.domain().name(),
                            new VmFiles(vmDir.resolve(d.domain().name())));
                    destroyed.add(d.domain().name());
                }
                case Decision.Ignore i -> {}
            }
        }
        var removedDirs = removeOrphanDirectories();
        var report = new ReconcileReport(List.copyOf(adopted), List.copyOf(destroyed), removedDirs);
        log.info("reconciled VMs of worker {} with policy {}: {}", names.workerId(), policy, report);
        return report;
    }

    private VirtualMachine adopt(Decision.Adopt adopt) {
        var name = adopt.domain().name();
        var metadata = adopt.metadata();
        var info = domains.info(name);
        return new VirtualMachine(
                metadata.vmId(),
                name,
                metadata.tenant(),
                info.memory / 1024,
                info.maxMem / 1024,
                info.nrVirtCpu,
                domains.accel(name),
                new VmFiles(vmDir.resolve(name)),
                metadata.createdAt(),
                new VmState.Running(clock.instant(), Optional.empty()));
    }

    private List<Path> removeOrphanDirectories() {
        if (!Files.isDirectory(vmDir)) {
            return List.of();
        }
        var kept = vms.values().stream().map(vm -> vm.files().dir()).toList();
        try (var dirs = Files.list(vmDir)) {
            var orphans = dirs.filter(d -> d.getFileName().toString().startsWith(names.prefix()))
                    .filter(d -> !kept.contains(d))
                    .toList();
            orphans.forEach(d -> new VmFiles(d).delete());
            return orphans;
        } catch (IOException e) {
            throw new VmOperationException("cannot list " + vmDir + ": " + e.getMessage(), e);
        }
    }

    private void removeQuietly(String name, VmFiles files) {
        try {
            domains.remove(name);
        } catch (RuntimeException e) {
            log.error("could not remove domain {}: {}", name, e.getMessage());
        }
        try {
            files.delete();
        } catch (RuntimeException e) {
            log.error("could not delete the files of {}: {}", name, e.getMessage());
        }
    }

    private String consoleTail(VmFiles files) {
        try {
            var lines = Files.readAllLines(files.consoleLog());
            if (lines.isEmpty()) {
                return "; the guest wrote nothing to its console";
            }
            return "; last console lines:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "; no console output";
        }
    }

    private void record(String operation, Duration duration) {
        Timer.builder("arclight.worker.vm.operation")
                .tag("operation", operation)
                .register(meters)
                .record(duration);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmOperationException("interrupted", e);
        }
    }

    private VirtualMachine require(String id) {
        var vm = vms.get(id);
        if (vm == null) {
            throw new NoSuchVmException(id);
        }
        return vm;
    }

    @Override
    public void close() {
        boots.shutdownNow();
    }

    /** What a reconcile found and did. */
    public record ReconcileReport(List<String> adopted, List<String> destroyed, List<Path> removedDirectories) {}
}
