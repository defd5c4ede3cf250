package dev.arclight.reclaim.worker;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.worker.WorkerCapacity;
import java.net.URI;
import java.util.Optional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where each worker's API answers. Utilization samples name only the worker; its capacity reports
 * carry its address. Kept in PostgreSQL, so every reclaim instance knows every worker whichever
 * partitions of the capacity topic it reads.
 */
@Service
public class WorkerDirectory {

    private final KnownWorkerRepository workers;

    WorkerDirectory(KnownWorkerRepository workers) {
        this.workers = workers;
    }

    @KafkaListener(
            topics = Topics.WORKER_CAPACITY,
            properties = "spring.json.value.default.type=dev.arclight.contracts.worker.WorkerCapacity")
    @Transactional
    public void onCapacity(WorkerCapacity capacity) {
        workers.findById(capacity.workerId())
                .ifPresentOrElse(
                        known -> {
                            if (!capacity.reportedAt().isBefore(known.reportedAt())) {
                                known.reported(capacity.apiUrl(), capacity.reportedAt());
                            }
                        },
                        () -> workers.save(
                                new KnownWorker(capacity.workerId(), capacity.apiUrl(), capacity.reportedAt())));
    }

    @Transactional(readOnly = true)
    public Optional<URI> apiUrlOf(String workerId) {
        return workers.findById(workerId).map(KnownWorker::apiUrl);
    }
}
