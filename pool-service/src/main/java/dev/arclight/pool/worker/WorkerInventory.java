package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.WorkerCapacity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workers the pool can boot VMs on, kept current from their capacity reports.
 *
 * <p>Liveness is judged by silence this instance could have heard: a report received before this
 * instance's capacity listener got its partitions counts as received when it got them, and until it
 * gets them every worker counts as just heard from. Otherwise a pool restarted after more than
 * {@code worker-staleness} down would write off every worker's warm VMs (they would run on,
 * unassigned) before it read the reports that queued in Kafka meanwhile; after a {@code kill -9}
 * the group only hands the partitions over once the dead member's session times out.
 */
@Service
public class WorkerInventory {

    private final KnownWorkerRepository workers;
    private final Clock clock;
    private volatile Instant listeningSince;

    WorkerInventory(KnownWorkerRepository workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    /** Records a capacity report; an out-of-date report is ignored. Returns whether it was taken. */
    @Transactional
    public boolean record(WorkerCapacity capacity) {
        var known = workers.findById(capacity.workerId());
        if (known.isEmpty()) {
            workers.save(new KnownWorker(capacity, clock.instant()));
            return true;
        }
        return known.get().update(capacity, clock.instant());
    }

    @Transactional(readOnly = true)
    public List<WorkerCapacity> all() {
        return workers.findAll(Sort.by("workerId")).stream()
                .map(KnownWorker::capacity)
                .toList();
    }

    /** Called when this instance's capacity listener has been given its partitions. */
    void listening() {
        if (listeningSince == null) {
            listeningSince = clock.instant();
        }
    }

    /**
     * Every worker's last report with when this pool received it, for liveness: never earlier than
     * when this instance started to listen (see the class comment).
     */
    @Transactional(readOnly = true)
    public List<WorkerReport> reports() {
        var since = listeningSince == null ? clock.instant() : listeningSince;
        return workers.findAll(Sort.by("workerId")).stream()
                .map(KnownWorker::report)
                .map(report -> heardBy(report, since))
                .toList();
    }

    static WorkerReport heardBy(WorkerReport report, Instant listeningSince) {
        return report.receivedAt().isBefore(listeningSince)
                ? new WorkerReport(report.capacity(), listeningSince)
                : report;
    }

    @Transactional(readOnly = true)
    public Optional<WorkerCapacity> find(String workerId) {
        return workers.findById(workerId).map(KnownWorker::capacity);
    }
}
