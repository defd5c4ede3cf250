package dev.arclight.gateway.registry;

import dev.arclight.contracts.registry.FunctionSnapshot;
import dev.arclight.contracts.topic.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Fills the {@link FunctionRegistryView} from the compacted configurations topic, read whole from
 * the beginning at every start.
 *
 * <p>Every gateway instance needs every record, so each one consumes in a consumer group of its own
 * (a random id per start) and seeks to the beginning whatever offsets exist. The topic may not
 * exist yet (placement creates it); the consumer waits for it and never creates it itself, which
 * would create it without compaction (see {@code allow.auto.create.topics} in application.yml).
 */
@Component
class FunctionConfigurationListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(FunctionConfigurationListener.class);

    private final FunctionRegistryView view;

    FunctionConfigurationListener(FunctionRegistryView view) {
        this.view = view;
    }

    @KafkaListener(
            id = RegistryViewHealthIndicator.LISTENER_ID,
            topics = Topics.FUNCTION_CONFIGURATIONS,
            groupId = "gateway-registry-view-${random.uuid}")
    void onChange(ConsumerRecord<String, FunctionSnapshot> record) {
        var snapshot = record.value();
        if (snapshot == null) {
            view.delete(record.key());
        } else if (!view.apply(snapshot)) {
            log.debug("ignored revision {} of {}: a newer one is held", snapshot.revision(), snapshot.functionArn());
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }
}
