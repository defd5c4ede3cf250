package dev.arclight.testkit;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/** A running single-node Kafka broker (KRaft, no ZooKeeper). */
public final class KafkaBroker implements AutoCloseable {

    private final String bootstrapServers;
    private final Runnable stop;

    private KafkaBroker(String bootstrapServers, Runnable stop) {
        this.bootstrapServers = bootstrapServers;
        this.stop = stop;
    }

    static KafkaBroker embedded() {
        var broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "true"));
        broker.afterPropertiesSet();
        return new KafkaBroker(broker.getBrokersAsString(), broker::destroy);
    }

    @SuppressWarnings("resource") // closed by close()
    static KafkaBroker inContainer() {
        var container = new KafkaContainer("apache/kafka:4.1.2");
        container.start();
        return new KafkaBroker(container.getBootstrapServers(), container::stop);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        stop.run();
    }
}
