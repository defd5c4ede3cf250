package dev.arclight.pool.worker;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.worker.WorkerCapacity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds the inventory from the workers' capacity reports. */
@Component
class WorkerCapacityListener {

    private static final Logger log = LoggerFactory.getLogger(WorkerCapacityListener.class);

    private final WorkerInventory inventory;

    WorkerCapacityListener(WorkerInventory inventory) {
        this.inventory = inventory;
    }

    @KafkaListener(topics = Topics.WORKER_CAPACITY)
    void onCapacity(WorkerCapacity capacity) {
        if (!inventory.record(capacity)) {
            log.debug("ignored an out-of-date capacity report of worker {}", capacity.workerId());
        }
    }
}
