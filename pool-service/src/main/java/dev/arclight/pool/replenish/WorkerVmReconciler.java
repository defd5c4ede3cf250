package dev.arclight.pool.replenish;

import dev.arclight.contracts.worker.VmView;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerCallException;
import dev.arclight.pool.worker.WorkerInventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's books true to the workers: a warm pooled VM that its worker no longer has (the
 * worker restarted without it, its guest died and the worker removed it) leaves the books, so that
 * the next replenishment round replaces it instead of a claim handing it out and failing.
 *
 * <h2>Algorithm</h2>
 *
 * For each live worker (a capacity report within {@code worker-staleness}; a lost worker's VMs are
 * the planner's to write off), note the time, list the worker's VMs ({@code GET /vms}), then
 * {@link #missing}: a pooled VM of that worker is missing when it was <b>warm since before the
 * list was asked for</b> and the list does not hold it. Booting VMs are never judged (the worker
 * may not list a VM whose boot it has not started yet), nor VMs that turned warm after the list was
 * asked for (the list may predate them). Missing VMs are retired ({@code gone-from-worker}),
 * conditionally, so a VM claimed meanwhile stays claimed; the retiring sweep then destroys them (a
 * 404 counts as done) and deletes their rows; the planner, counting only booting and warm VMs,
 * boots replacements.
 *
 * A worker's VMs that the books do not hold as pooled (tenant VMs placement booted, claimed VMs,
 * templates) are left alone: the pool only ever destroys what it booted and still holds.
 * A worker that does not answer the list is skipped this time.
 */
public class WorkerVmReconciler {

    static final String REASON = "gone-from-worker";

    private static final Logger log = LoggerFactory.getLogger(WorkerVmReconciler.class);

    private final PooledVms vms;
    private final WorkerInventory inventory;
    private final WorkerApi workers;
    private final Duration workerStaleness;
    private final Clock clock;

    public WorkerVmReconciler(
            PooledVms vms, WorkerInventory inventory, WorkerApi workers, Duration workerStaleness, Clock clock) {
        this.vms = vms;
        this.inventory = inventory;
        this.workers = workers;
        this.workerStaleness = workerStaleness;
        this.clock = clock;
    }

    /** The pooled VMs of one worker that its list, asked for at {@code listedAt}, shows are gone. */
    static List<PooledVm> missing(Collection<PooledVm> pooledOnWorker, Set<String> listed, Instant listedAt) {
        return pooledOnWorker.stream()
                .filter(vm ->
                        vm.lifecycle() instanceof Warm warm && warm.since().isBefore(listedAt))
                .filter(vm -> !listed.contains(vm.vmId()))
                .toList();
    }

    /** One pass over every live worker; returns how many VMs it retired. */
    public int reconcile() {
        var now = clock.instant();
        var byWorker = vms.active().stream().collect(Collectors.groupingBy(PooledVm::workerId));
        int retired = 0;
        for (var report : inventory.reports()) {
            var pooled = byWorker.get(report.workerId());
            if (pooled == null || Duration.between(report.receivedAt(), now).compareTo(workerStaleness) >= 0) {
                continue;
            }
            var listedAt = clock.instant();
            Set<String> listed;
            try {
                listed = workers.list(pooled.getFirst().workerUrl()).stream()
                        .map(VmView::vmId)
                        .collect(Collectors.toSet());
            } catch (WorkerCallException e) {
                log.debug("could not list the VMs of {}: {}", report.workerId(), e.getMessage());
                continue;
            }
            for (var vm : missing(pooled, listed, listedAt)) {
                if (vms.retire(vm.vmId(), REASON, clock.instant())) {
                    retired++;
                    log.info(
                            "pooled VM {} of sub-pool {} is gone from worker {}: retired, to be replaced",
                            vm.vmId(),
                            vm.subPoolId(),
                            vm.workerId());
                }
            }
        }
        return retired;
    }
}
