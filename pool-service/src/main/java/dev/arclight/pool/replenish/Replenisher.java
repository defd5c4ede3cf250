package dev.arclight.pool.replenish;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.replenish.ReplenishmentPlanner.Boot;
import dev.arclight.pool.replenish.ReplenishmentPlanner.Plan;
import dev.arclight.pool.replenish.SubPoolTargets.SubPoolDemand;
import dev.arclight.pool.subpool.SubPools;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerCallException;
import dev.arclight.pool.worker.WorkerInventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out {@link ReplenishmentPlanner}'s plans, one round at a time ({@link
 * ReplenishmentLoop} calls {@link #round}).
 *
 * <p>A round plans inside one transaction holding the advisory lock {@link #LOCK}: an instance
 * that cannot take it at once skips the round (another is planning). The plan's retirements and
 * its boots (as {@code booting} rows) are written before the lock is released, so the next planner,
 * on any instance, counts them: two instances never overshoot a target together. Then, outside the
 * transaction, each boot runs on its own virtual thread; a boot that succeeds turns its row warm
 * (or, if the row was retired meanwhile, destroys the VM), one that fails retires it and keeps its
 * worker out of plans for {@code bootFailureBackoff}. Retiring VMs are destroyed on their worker
 * and deleted; one on a lost worker is only deleted (written off).
 *
 * <h2>Known caveats</h2>
 *
 * A pool instance that dies during a boot leaves a booting row, retired after {@code bootTimeout};
 * if the worker finishes that boot, the VM runs unassigned on it until the worker is restarted
 * ({@link WorkerVmReconciler} drops books without VMs, not VMs without books).
 */
public class Replenisher {

    /** Key of the advisory lock that serialises planning across pool-service instances. */
    static final long LOCK = 0x61726370_6f6f6cL;

    private static final Logger log = LoggerFactory.getLogger(Replenisher.class);

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final SubPools subPools;
    private final PooledVms vms;
    private final WorkerInventory inventory;
    private final WorkerApi workers;
    private final SubPoolTargets targets;
    private final ReplenishmentPlanner planner;
    private final PoolMetrics metrics;
    private final ReplenishProperties properties;
    private final Clock clock;
    private final Map<String, Instant> lastBootFailures = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Replenisher(
            TransactionTemplate transactions,
            JdbcClient jdbc,
            SubPools subPools,
            PooledVms vms,
            WorkerInventory inventory,
            WorkerApi workers,
            SubPoolTargets targets,
            PoolMetrics metrics,
            ReplenishProperties properties,
            Clock clock) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.subPools = subPools;
        this.vms = vms;
        this.inventory = inventory;
        this.workers = workers;
        this.targets = targets;
        this.planner = new ReplenishmentPlanner(clock, properties);
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** Plans and starts one round; boots and destroys go on in the background. */
    public void round() {
        var started = transactions.execute(status -> planUnderLock());
        metrics.counts(vms.counts());
        if (started != null) {
            started.forEach(vm -> submit(vm.vmId(), () -> boot(vm)));
        }
        destroyRetiring();
    }

    /** Claims served per sub-pool in the last minute (across instances). */
    public Map<String, Integer> claimsLastMinute() {
        return vms.claimsSince(clock.instant().minus(Duration.ofMinutes(1)));
    }

    public void shutdown() {
        executor.shutdownNow();
    }

    private List<PooledVm> planUnderLock() {
        Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
                .param("key", LOCK)
                .query(Boolean.class)
                .single();
        if (!Boolean.TRUE.equals(locked)) {
            return null;
        }
        var now = clock.instant();
        var definitions = subPools.all();
        var claims = claimsLastMinute();
        var wanted = new java.util.HashMap<String, Integer>();
        definitions.forEach(s ->
                wanted.put(s.id(), targets.target(new SubPoolDemand(s, claims.getOrDefault(s.id(), 0)))));
        metrics.targets(wanted);
        Plan plan = planner.plan(definitions, wanted, vms.active(), inventory.reports(), Map.copyOf(lastBootFailures));
        for (var retire : plan.retires()) {
            if (vms.retire(retire.vm().vmId(), retire.reason(), now)) {
                log.info(
                        "retiring pooled VM {} on {}: {}",
                        retire.vm().vmId(),
                        retire.vm().workerId(),
                        retire.reason());
            }
        }
        var started = new ArrayList<PooledVm>();
        for (Boot boot : plan.boots()) {
            var subPool = boot.subPool();
            var vm = new PooledVm(
                    "pool-" + UUID.randomUUID().toString().substring(0, 12),
                    subPool.id(),
                    boot.workerId(),
                    boot.workerUrl(),
                    subPool.runtimes(),
                    subPool.memoryMib(),
                    subPool.maxMemoryMib(),
                    new Booting(now));
            vms.insertBooting(vm);
            started.add(vm);
        }
        subPools.setShortfalls(plan.shortfall());
        vms.forgetClaimsBefore(now.minus(properties.claimRetention()));
        return started;
    }

    private void boot(PooledVm vm) {
        long start = System.nanoTime();
        try {
            var view = workers.boot(
                    vm.workerUrl(),
                    new BootVmRequest(
                            vm.vmId(), null, vm.memoryMib(), vm.maxMemoryMib(), 1, vm.runtimes(), properties.start()));
            var took = Duration.ofNanos(System.nanoTime() - start);
            if (vms.markWarm(vm.vmId(), view.memoryMib(), view.startedBy(), clock.instant())) {
                metrics.replenished(view.startedBy(), took);
                log.info(
                        "pooled VM {} of sub-pool {} warm on {} ({} in {} ms)",
                        vm.vmId(),
                        vm.subPoolId(),
                        vm.workerId(),
                        view.startedBy(),
                        took.toMillis());
            } else {
                // Retired while it booted (sub-pool deleted, worker written off): undo the boot.
                destroyQuietly(vm);
            }
        } catch (WorkerCallException | IllegalStateException e) {
            lastBootFailures.put(vm.workerId(), clock.instant());
            log.warn("boot of pooled VM {} on {} failed: {}", vm.vmId(), vm.workerId(), e.getMessage());
            vms.retire(vm.vmId(), "boot-failed", clock.instant());
        }
    }

    private void destroyRetiring() {
        var now = clock.instant();
        var live = new java.util.HashSet<String>();
        inventory.reports().stream()
                .filter(r -> Duration.between(r.receivedAt(), now).compareTo(properties.workerStaleness()) < 0)
                .forEach(r -> live.add(r.workerId()));
        for (var vm : vms.retiring()) {
            if (!live.contains(vm.workerId())) {
                vms.delete(vm.vmId());
                log.info("wrote off pooled VM {}: worker {} is lost", vm.vmId(), vm.workerId());
                continue;
            }
            submit(vm.vmId(), () -> {
                try {
                    workers.destroy(vm.workerUrl(), vm.vmId());
                    vms.delete(vm.vmId());
                } catch (WorkerCallException e) {
                    log.warn("could not destroy retiring VM {} yet: {}", vm.vmId(), e.getMessage());
                }
            });
        }
    }

    private void destroyQuietly(PooledVm vm) {
        try {
            workers.destroy(vm.workerUrl(), vm.vmId());
        } catch (WorkerCallException e) {
            log.warn("could not destroy VM {}: {}", vm.vmId(), e.getMessage());
        }
    }

    /** Runs one task per VM at a time: a VM being booted or destroyed is not touched again meanwhile. */
    private void submit(String vmId, Runnable task) {
        if (!inFlight.add(vmId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("pool task for VM {} failed", vmId, e);
                } finally {
                    inFlight.remove(vmId);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(vmId);
        }
    }
}
