package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.WorkerCapacity;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workers the pool can boot VMs on, kept current from their capacity reports. */
@Service
public class WorkerInventory {

    private final KnownWorkerRepository workers;
    private final Clock clock;

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

    /** Every worker's last report with when this pool received it, for liveness. */
    @Transactional(readOnly = true)
    public List<WorkerReport> reports() {
        return workers.findAll(Sort.by("workerId")).stream()
                .map(KnownWorker::report)
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<WorkerCapacity> find(String workerId) {
        return workers.findById(workerId).map(KnownWorker::capacity);
    }
}
