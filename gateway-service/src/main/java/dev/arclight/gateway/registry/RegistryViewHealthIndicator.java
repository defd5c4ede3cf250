package dev.arclight.gateway.registry;

import dev.arclight.contracts.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The {@code registryView} health component: UP once the gateway's view of the registry has read
 * the configurations topic to the end it had when asked, so that a ready gateway knows every
 * function's timeout and provisioned concurrency, not only the ones read so far.
 *
 * <p>It compares the view's consumer group's committed offsets (the listener container commits
 * after each batch it processed, a malformed record included) with the topic's end offsets. Once
 * caught up it stays UP: after that the view follows the topic live, and a lagging broker is not a
 * reason to stop routing. A topic that does not exist yet (placement creates it) leaves the view
 * empty but correct: UP, and asked again next time, since placement may publish at any moment.
 */
@Component("registryViewHealthIndicator")
class RegistryViewHealthIndicator implements HealthIndicator, DisposableBean {

    static final String LISTENER_ID = "gateway-registry-view";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaAdmin kafkaAdmin;
    private final KafkaListenerEndpointRegistry listeners;
    private volatile boolean caughtUp;
    private Admin admin;

    RegistryViewHealthIndicator(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners) {
        this.kafkaAdmin = kafkaAdmin;
        this.listeners = listeners;
    }

    @Override
    public Health health() {
        if (caughtUp) {
            return Health.up().withDetail("caughtUp", true).build();
        }
        try {
            var end = endOffsets();
            if (end == null) {
                return Health.up()
                        .withDetail("caughtUp", false)
                        .withDetail("reason", "topic " + Topics.FUNCTION_CONFIGURATIONS + " does not exist yet")
                        .build();
            }
            var committed = committedOffsets();
            if (RegistryCatchUp.caughtUp(end, committed)) {
                caughtUp = true;
                return Health.up().withDetail("caughtUp", true).build();
            }
            return Health.status(Status.OUT_OF_SERVICE)
                    .withDetail("caughtUp", false)
                    .withDetail("endOffsets", end)
                    .withDetail("readOffsets", committed)
                    .build();
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            return Health.status(Status.OUT_OF_SERVICE)
                    .withDetail("caughtUp", false)
                    .withDetail("reason", e.toString())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }

    /** The topic's end offsets by partition, or null when the topic does not exist. */
    private Map<Integer, Long> endOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            var description = admin().describeTopics(List.of(Topics.FUNCTION_CONFIGURATIONS))
                    .allTopicNames()
                    .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(Topics.FUNCTION_CONFIGURATIONS);
            var request = description.partitions().stream()
                    .collect(Collectors.toMap(
                            p -> new TopicPartition(Topics.FUNCTION_CONFIGURATIONS, p.partition()),
                            p -> OffsetSpec.latest()));
            var answer = admin().listOffsets(request).all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var end = new HashMap<Integer, Long>();
            answer.forEach((partition, info) -> end.put(partition.partition(), info.offset()));
            return end;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private Map<Integer, Long> committedOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        var container = listeners.getListenerContainer(LISTENER_ID);
        if (container == null || container.getGroupId() == null) {
            return Map.of();
        }
        var offsets = admin().listConsumerGroupOffsets(container.getGroupId())
                .partitionsToOffsetAndMetadata()
                .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        var committed = new HashMap<Integer, Long>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(Topics.FUNCTION_CONFIGURATIONS)) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
