package dev.arclight.worker.vm;

import dev.arclight.worker.vm.Reconciliation.Decision;
import dev.arclight.worker.vm.VirtualMachines.ReconcileReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out, against libvirt and the VM directory, what {@link Reconciliation} decided about
 * the domains an earlier run of this worker left: adopts them into the {@link VmTable} or
 * destroys them, then deletes VM directories no domain owns any more.
 */
final class VmReconciler {

    private static final Logger log = LoggerFactory.getLogger(VmReconciler.class);

    private final Domains domains;
    private final DomainNames names;
    private final Path vmDir;
    private final VmTable table;
    private final VmRemoval removal;
    private final Clock clock;

    VmReconciler(Domains domains, DomainNames names, Path vmDir, VmTable table, VmRemoval removal, Clock clock) {
        this.domains = domains;
        this.names = names;
        this.vmDir = vmDir;
        this.table = table;
        this.removal = removal;
        this.clock = clock;
    }

    ReconcileReport reconcile(ReconcilePolicy policy) {
        var decisions = Reconciliation.decide(policy, names, domains.withPrefix(names.prefix()));
        var adopted = new ArrayList<String>();
        var destroyed = new ArrayList<String>();
        for (var decision : decisions) {
            switch (decision) {
                case Decision.Adopt a -> {
                    table.put(adopt(a));
                    adopted.add(a.metadata().vmId());
                }
                case Decision.Destroy d -> {
                    log.info(
                            "destroying VM {} left by an earlier run: {}",
                            d.domain().name(),
                            d.reason());
                    removal.removeQuietly(
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
                new VmState.Running(clock.instant(), Optional.empty()),
                metadata.startedBy());
    }

    private List<Path> removeOrphanDirectories() {
        if (!Files.isDirectory(vmDir)) {
            return List.of();
        }
        var kept = table.all().stream().map(vm -> vm.files().dir()).toList();
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
}
