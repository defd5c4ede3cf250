package dev.arclight.pool.worker;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.worker.WorkerCapacity;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/** Feeds the inventory from the workers' capacity reports, and tells it when it starts to hear them. */
@Component
class WorkerCapacityListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(WorkerCapacityListener.class);

    private final WorkerInventory inventory;

    WorkerCapacityListener(WorkerInventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        inventory.listening();
    }

    @KafkaListener(topics = Topics.WORKER_CAPACITY)
    void onCapacity(WorkerCapacity capacity) {
        if (!inventory.record(capacity)) {
            log.debug("ignored an out-of-date capacity report of worker {}", capacity.workerId());
        }
    }
}
