package dev.arclight.placement.invocation;

import dev.arclight.contracts.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the registry's compacted {@link Topics#FUNCTION_CONFIGURATIONS} topic from its end and
 * drops what a {@link ResolvedCache} holds of each function that changed, on any placement
 * instance.
 *
 * <p>Every instance needs every record and none of the history, so it assigns itself all
 * partitions (no consumer group, nothing committed) and starts at their ends. The cache holds
 * nothing until those positions are known; when following fails, the cache is switched off until
 * a new consumer has its positions again, so a change missed while away can never be served.
 */
final class RegistryChangeFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistryChangeFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> kafkaProperties;
    private final ResolvedCache<?> cache;
    private final JsonMapper json;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    RegistryChangeFollower(Map<String, Object> kafkaProperties, ResolvedCache<?> cache, JsonMapper json) {
        var properties = new HashMap<>(kafkaProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "placement-registry-follower");
        this.kafkaProperties = Map.copyOf(properties);
        this.cache = cache;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("registry-follower").daemon().start(this::follow);
    }

    @Override
    public synchronized void stop() {
        running = false;
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cache.live(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            try (var kafka = new KafkaConsumer<String, String>(kafkaProperties)) {
                consumer = kafka;
                if (!running) {
                    return;
                }
                if (!assignAtEnd(kafka)) {
                    continue;
                }
                cache.live(true);
                while (running) {
                    for (var record : kafka.poll(POLL)) {
                        apply(record.key(), record.value());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                cache.live(false);
                log.warn("Lost the registry topic, the function cache is off until it is back: {}", e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    /** All partitions at their ends, the positions resolved; false when the topic is not there yet. */
    private boolean assignAtEnd(KafkaConsumer<String, String> kafka) {
        var partitions = kafka.partitionsFor(Topics.FUNCTION_CONFIGURATIONS, RETRY);
        if (partitions == null || partitions.isEmpty()) {
            pause();
            return false;
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        kafka.assign(assigned);
        kafka.seekToEnd(assigned);
        assigned.forEach(kafka::position);
        return true;
    }

    void apply(String functionArn, String snapshot) {
        if (functionArn == null) {
            return;
        }
        if (snapshot == null) {
            cache.dropped(functionArn);
            return;
        }
        try {
            var revision = json.readTree(snapshot).path("revision");
            if (revision.isNumber()) {
                cache.changed(functionArn, revision.asLong());
                return;
            }
        } catch (RuntimeException e) {
            log.debug("Unreadable snapshot of {}: {}", functionArn, e.toString());
        }
        cache.dropped(functionArn);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
