package dev.arclight.placement.container;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The pool's background work: reconciling provisioned concurrency with the registry (at start and
 * then periodically) and expiring idle containers and empty VMs. On shutdown it stops both and
 * destroys every VM this instance booted, so that a stopped instance leaves nothing behind on the
 * workers (best effort: a worker that does not answer keeps its VMs until it cleans up itself).
 */
class ContainerMaintenance implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ContainerMaintenance.class);

    private final ContainerPool pool;
    private final ProvisionedDemand demand;
    private final ContainerProperties properties;
    private ScheduledExecutorService scheduler;

    ContainerMaintenance(ContainerPool pool, ProvisionedDemand demand, ContainerProperties properties) {
        this.pool = pool;
        this.demand = demand;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newScheduledThreadPool(
                2,
                Thread.ofPlatform().name("container-maintenance-", 0).daemon().factory());
        every(properties.provisionedInterval(), this::reconcileProvisioned);
        every(properties.expiryInterval(), pool::expire);
    }

    void reconcileProvisioned() {
        int started = pool.provision(demand.current());
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
