package dev.arclight.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests to act as another service would: publish raw JSON, or wait for a
 * record a service published. Values are strings so tests assert on the wire format itself.
 */
public final class KafkaTestClient {

    private final String bootstrapServers;

    public KafkaTestClient(KafkaBroker broker) {
        this.bootstrapServers = broker.bootstrapServers();
    }

    /** Publishes one record and waits for the broker's acknowledgement. */
    public void publish(String topic, String key, String json, Map<String, String> headers) {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer())) {
            var record = new ProducerRecord<>(topic, key, json);
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes()));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Reads {@code topic} from the beginning until a record matches, or gives up after {@code timeout}. */
    public Optional<ConsumerRecord<String, String>> awaitRecord(
            String topic, Predicate<ConsumerRecord<String, String>> matching, Duration timeout) {
        try (var consumer = fromTheBeginning()) {
            consumer.subscribe(List.of(topic));
            var deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (matching.test(record)) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Reads {@code topic} from the beginning until every one of {@code needles} has appeared in some
     * record's value, or {@code timeout} ends: the needles never seen, empty when all were. One
     * consumer for them all, where a loop of {@link #awaitRecord} would join a group per needle.
     */
    public Set<String> awaitValuesContaining(String topic, Collection<String> needles, Duration timeout) {
        var missing = new HashSet<>(needles);
        try (var consumer = fromTheBeginning()) {
            consumer.subscribe(List.of(topic));
            var deadline = Instant.now().plus(timeout);
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null) {
                        missing.removeIf(record.value()::contains);
                    }
                }
            }
            return Set.copyOf(missing);
        }
    }

    /** A consumer of a group of its own that reads from the topics' first offsets. */
    private KafkaConsumer<String, String> fromTheBeginning() {
        return new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    /** One configuration value of a topic as the broker holds it, e.g. {@code cleanup.policy}. */
    public String topicConfig(String topic, String name) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource);
            return config.get(name).value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the configuration of " + topic, e);
        }
    }

    /** Describes topics as the broker sees them; missing topics are left out. */
    public List<TopicDescription> describeTopics(List<String> topics) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var present = new ArrayList<>(topics);
            present.retainAll(existing);
            return List.copyOf(admin.describeTopics(present)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .values());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe topics " + topics, e);
        }
    }
}
