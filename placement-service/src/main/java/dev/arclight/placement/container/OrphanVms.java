package dev.arclight.placement.container;

import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.Workers;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Destroys the VMs that no live placement instance holds: an instance killed with {@code kill -9}
 * (or lost with its host) never destroyed its VMs, and nothing else would, since a VM serves only
 * the books of the instance that booted it.
 *
 * <ul>
 *   <li>At start, before this instance serves a call, every VM recorded under its own id is from a
 *       previous life (its books are empty now): destroyed.
 *   <li>Every {@code interval}, every VM recorded under an instance that is not live (no heartbeat
 *       within the concurrency heartbeat timeout, 30 s) is destroyed, by whichever instance looks
 *       first. Two instances may both ask; the second gets 404, which also counts as gone.
 * </ul>
 *
 * A worker that does not answer keeps the row, for the next round. Caveat, as for the concurrency
 * counts: an instance cut off from PostgreSQL for longer than the heartbeat timeout is taken for
 * dead, and its VMs are destroyed under it; its next calls there fail and it boots new ones.
 */
class OrphanVms implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanVms.class);

    private final VmOwners owners;
    private final Workers workers;
    private final Supplier<? extends Collection<String>> live;
    private final Duration interval;
    private final Duration callTimeout;
    private ScheduledExecutorService scheduler;

    OrphanVms(
            VmOwners owners,
            Workers workers,
            Supplier<? extends Collection<String>> live,
            Duration interval,
            Duration callTimeout) {
        this.owners = owners;
        this.workers = workers;
        this.live = live;
        this.interval = interval;
        this.callTimeout = callTimeout;
    }

    @Override
    public synchronized void start() {
        try {
            destroyAll(owners.ownedBySelf(), "left by this instance's previous life");
        } catch (RuntimeException e) {
            log.warn("Could not look for VMs of this instance's previous life: {}", e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("orphan-vms").daemon().factory());
        scheduler.scheduleWithFixedDelay(
                this::reapDeadInstances, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void reapDeadInstances() {
        try {
            destroyAll(owners.ownedByNoneOf(live.get()), "whose instance is gone");
        } catch (RuntimeException e) {
            log.warn("Could not look for orphaned VMs: {}", e.toString());
        }
    }

    private void destroyAll(List<VmOwners.Owned> orphans, String why) {
        for (var orphan : orphans) {
            try {
                workers.client(orphan.workerId()).destroyVm(orphan.vmId(), callTimeout);
                log.info("Destroyed VM {} on {} {} ({})", orphan.vmId(), orphan.workerId(), why, orphan.instanceId());
                owners.destroyed(orphan.workerId(), orphan.vmId());
            } catch (WorkerRejectedException e) {
                // 404: already gone (another instance destroyed it, or the worker did).
                owners.destroyed(orphan.workerId(), orphan.vmId());
            } catch (WorkerException | NoSuchElementException e) {
                log.debug("VM {} on {} not destroyed yet: {}", orphan.vmId(), orphan.workerId(), e.getMessage());
            }
        }
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

    @Override
    public int getPhase() {
        // Before the web server (DEFAULT_PHASE - 1024): a previous life's VMs are gone before calls come.
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
