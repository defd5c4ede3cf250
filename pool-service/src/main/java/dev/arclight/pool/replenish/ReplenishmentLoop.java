package dev.arclight.pool.replenish;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a replenishment round every {@code interval}, after the previous one was planned, each
 * followed by a reconciliation of the books with the workers' VM lists ({@link WorkerVmReconciler}).
 */
class ReplenishmentLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplenishmentLoop.class);

    private final Replenisher replenisher;
    private final WorkerVmReconciler reconciler;
    private final ReplenishProperties properties;
    private ScheduledExecutorService scheduler;

    ReplenishmentLoop(Replenisher replenisher, WorkerVmReconciler reconciler, ReplenishProperties properties) {
        this.replenisher = replenisher;
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pool-replenish").daemon().factory());
        long interval = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            replenisher.round();
            reconciler.reconcile();
        } catch (RuntimeException e) {
            // PostgreSQL away for a moment, say: the next round tries again.
            log.warn("replenishment round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        replenisher.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
