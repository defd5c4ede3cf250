package dev.arclight.placement.container;

import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.Workers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Destroys the VMs that no live placement instance holds: an instance killed with {@code kill -9}
 * (or lost with its host) never destroyed its VMs, and nothing else would, since a VM serves only
 * the books of the instance that booted it. A live instance can lose track of one too: a destroy
 * its worker did not answer (busy, restarting, breaker open), a claim whose answer never came.
 *
 * <ul>
 *   <li>At start, before this instance serves a call, every VM recorded under its own id is from a
 *       previous life (its books are empty now): destroyed.
 *   <li>Every {@code interval}, every VM recorded under an instance that is not live (no heartbeat
 *       within the concurrency heartbeat timeout, 30 s) is destroyed, by whichever instance looks
 *       first. Two instances may both ask; the second gets 404, which also counts as gone.
 *   <li>Every {@code interval}, a VM recorded under this instance that its books do not hold
 *       (<b>unbooked</b>), and a tenant VM on a known worker that no row of any instance names
 *       (<b>unowned</b>), once {@link OrphanSuspects} confirms it: it looked so in every round for
 *       its grace, longer than a boot (unbooked) or a claim and its late answer (unowned) can take.
 * </ul>
 *
 * A worker that does not answer keeps the row, for the next round. Caveats: as for the concurrency
 * counts, an instance cut off from PostgreSQL for longer than the heartbeat timeout is taken for
 * dead, and its VMs are destroyed under it; its next calls there fail and it boots new ones. And a
 * worker must serve one platform (one {@code vm_owners} table): another's tenant VMs look unowned.
 */
class OrphanVms implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanVms.class);

    /** Why a VM was taken for an orphan: the {@code reason} tag of {@code arclight.placement.orphans}. */
    enum Reason {
        PREVIOUS_LIFE("previous-life", "left by this instance's previous life"),
        DEAD_INSTANCE("dead-instance", "whose instance is gone"),
        UNBOOKED("unbooked", "that this instance's books no longer hold"),
        UNOWNED("unowned", "that no instance owns");

        final String tag;
        final String why;

        Reason(String tag, String why) {
            this.tag = tag;
            this.why = why;
        }
    }

    private final VmOwners owners;
    private final Workers workers;
    private final Supplier<? extends Collection<String>> live;
    private final Duration interval;
    private final Duration callTimeout;
    private final Supplier<? extends Collection<String>> booked;
    private final OrphanSuspects unbooked;
    private final OrphanSuspects unowned;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;

    /**
     * @param booked the ids of the running VMs this instance's books hold
     * @param unbooked the grace of a row of this instance's whose VM its books do not hold
     * @param unowned the grace of a tenant VM on a worker that no row names
     */
    OrphanVms(
            VmOwners owners,
            Workers workers,
            Supplier<? extends Collection<String>> live,
            Supplier<? extends Collection<String>> booked,
            OrphanSuspects unbooked,
            OrphanSuspects unowned,
            Duration interval,
            Duration callTimeout,
            MeterRegistry meters) {
        this.owners = owners;
        this.workers = workers;
        this.live = live;
        this.booked = booked;
        this.unbooked = unbooked;
        this.unowned = unowned;
        this.interval = interval;
        this.callTimeout = callTimeout;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        try {
            destroyAll(owners.ownedBySelf(), Reason.PREVIOUS_LIFE);
        } catch (RuntimeException e) {
            log.warn("Could not look for VMs of this instance's previous life: {}", e.toString());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("orphan-vms").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        reapDeadInstances();
        reapUnbooked();
        reapUnowned();
    }

    void reapDeadInstances() {
        try {
            destroyAll(owners.ownedByNoneOf(live.get()), Reason.DEAD_INSTANCE);
        } catch (RuntimeException e) {
            log.warn("Could not look for orphaned VMs: {}", e.toString());
        }
    }

    /** Rows first, then the books: a VM booked in between has its row and its place, and is kept. */
    void reapUnbooked() {
        try {
            var rows = owners.ownedBySelf();
            var held = Set.copyOf(booked.get());
            var seen = rows.stream()
                    .filter(row -> !held.contains(row.vmId()))
                    .map(VmOwners.Owned::handle)
                    .collect(Collectors.toSet());
            var confirmed = unbooked.confirmed(seen);
            destroyAll(
                    rows.stream()
                            .filter(row -> confirmed.contains(row.handle()))
                            .toList(),
                    Reason.UNBOOKED);
        } catch (RuntimeException e) {
            log.warn("Could not look for VMs this instance's books lost: {}", e.toString());
        }
    }

    /**
     * The workers' VMs first, then the rows: a VM claimed in between has its row, and is kept. A
     * worker may be known here twice, under its configured id and under its own (the id the pool
     * names, which a claimed VM's row carries), so a VM is known by the worker's own id and matched
     * to rows by its VM id alone: VM ids are random ({@code vm-} and 64 bits here, part of a UUID in
     * the pool), never reused across workers.
     */
    void reapUnowned() {
        try {
            var listedBy = new HashMap<VmHandle, String>();
            for (var worker : workers.all()) {
                try {
                    for (var vm : worker.vms(callTimeout)) {
                        if (vm.tenant() != null && !"stopping".equals(vm.state())) {
                            var own = vm.workerId() == null ? worker.id() : vm.workerId();
                            listedBy.putIfAbsent(new VmHandle(own, vm.vmId()), worker.id());
                        }
                    }
                } catch (WorkerException e) {
                    log.debug("Worker {} did not list its VMs: {}", worker.id(), e.getMessage());
                }
            }
            var owned = owners.all().stream().map(VmOwners.Owned::vmId).collect(Collectors.toSet());
            var seen = listedBy.keySet().stream()
                    .filter(vm -> !owned.contains(vm.vmId()))
                    .collect(Collectors.toSet());
            for (var vm : unowned.confirmed(seen)) {
                destroy(new VmOwners.Owned(listedBy.get(vm), vm.vmId(), "none"), Reason.UNOWNED);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for tenant VMs no instance owns: {}", e.toString());
        }
    }

    private void destroyAll(List<VmOwners.Owned> orphans, Reason why) {
        orphans.forEach(orphan -> destroy(orphan, why));
    }

    private void destroy(VmOwners.Owned orphan, Reason why) {
        try {
            workers.client(orphan.workerId()).destroyVm(orphan.vmId(), callTimeout);
            log.info("Destroyed VM {} on {} {} ({})", orphan.vmId(), orphan.workerId(), why.why, orphan.instanceId());
            meters.counter("arclight.placement.orphans", "reason", why.tag).increment();
            owners.destroyed(orphan.workerId(), orphan.vmId());
        } catch (WorkerRejectedException e) {
            // 404: already gone (another instance destroyed it, or the worker did).
            owners.destroyed(orphan.workerId(), orphan.vmId());
        } catch (WorkerException | NoSuchElementException e) {
            log.debug("VM {} on {} not destroyed yet: {}", orphan.vmId(), orphan.workerId(), e.getMessage());
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
