package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The pool's background work: reconciling provisioned concurrency with the registry (at start and
 * then periodically: this instance's {@link ProvisionedShare} of it, over the live members of the
 * ring) and expiring idle containers and empty VMs. On shutdown it stops both and
 * destroys every VM this instance booted, so that a stopped instance leaves nothing behind on the
 * workers (best effort: a worker that does not answer keeps its VMs until it cleans up itself).
 */
class ContainerMaintenance implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ContainerMaintenance.class);

    private final ContainerPool pool;
    private final Supplier<List<FunctionDemand>> demand;
    private final ProvisionedShare share;
    private final Supplier<? extends Collection<String>> members;
    private final ContainerProperties properties;
    private ScheduledExecutorService scheduler;
    private volatile ShareView lastShare;

    ContainerMaintenance(
            ContainerPool pool,
            Supplier<List<FunctionDemand>> demand,
            ProvisionedShare share,
            Supplier<? extends Collection<String>> members,
            ContainerProperties properties) {
        this.pool = pool;
        this.demand = demand;
        this.share = share;
        this.members = members;
        this.properties = properties;
        this.lastShare = new ShareView(share.self(), List.of(share.self()), Map.of());
    }

    /** The members and targets of the last reconciliation round, for the admin view. */
    record ShareView(String self, List<String> members, Map<ContainerKey, ProvisionedTarget> targets) {}

    @Override
    public synchronized void start() {
        scheduler = Executors.newScheduledThreadPool(
                2,
                Thread.ofPlatform().name("container-maintenance-", 0).daemon().factory());
        every(properties.provisionedInterval(), this::reconcileProvisioned);
        every(properties.expiryInterval(), pool::expire);
    }

    void reconcileProvisioned() {
        var live = List.copyOf(members.get());
        var targets = share.of(demand.get(), live);
        lastShare = new ShareView(share.self(), live, targets);
        int started = pool.provision(targets);
        if (started > 0) {
            log.info("Started {} provisioned container(s)", started);
        }
    }

    private void every(Duration interval, Runnable task) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("Container maintenance failed: {}", e.toString());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    ShareView lastShare() {
        return lastShare;
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        pool.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // Lower than the web server's graceful shutdown (DEFAULT_PHASE - 1024), so it stops after it:
        // in-flight calls finish on their containers before the VMs go away.
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
