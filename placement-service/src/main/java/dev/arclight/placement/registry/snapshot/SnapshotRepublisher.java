package dev.arclight.placement.registry.snapshot;

import dev.arclight.placement.registry.RegistryProperties;
import dev.arclight.placement.registry.function.RegistryChanges;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes every function's snapshot again on a fixed delay, so that a change whose publish was
 * lost (the send after commit failed) reaches the gateways' views within one interval instead of
 * at the function's next change. With several placement instances each does it; the snapshots are
 * identical and the topic is compacted, so that is harmless.
 */
@Component
public class SnapshotRepublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SnapshotRepublisher.class);

    private final RegistryChanges changes;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    SnapshotRepublisher(RegistryChanges changes, RegistryProperties properties) {
        this.changes = changes;
        this.intervalMillis = properties.snapshotRepublishInterval().toMillis();
    }

    /** One pass; public for tests and operators, who should not have to wait for the interval. */
    public int republishNow() {
        int published = changes.republishAll();
        log.debug("Published the snapshots of {} functions again", published);
        return published;
    }

    private void republishQuietly() {
        try {
            republishNow();
        } catch (RuntimeException e) {
            // Kafka or the database is away: the next pass tries again.
            log.warn("Could not republish function snapshots: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("snapshot-republisher").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::republishQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
