package dev.arclight.placement.registry.snapshot;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.placement.registry.function.FunctionChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts each committed change of a function on the compacted registry topic, keyed by the function's
 * ARN: a snapshot, or a tombstone for a deleted function. Only after commit, so consumers never see
 * a change that was rolled back.
 */
@Component
class FunctionSnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(FunctionSnapshotPublisher.class);

    private final KafkaTemplate<String, Object> kafka;

    FunctionSnapshotPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void publish(FunctionChanged change) {
        kafka.send(Topics.FUNCTION_CONFIGURATIONS, change.functionArn(), change.snapshot())
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.error("Could not publish the change of {}", change.functionArn(), failure);
                    }
                });
    }
}
