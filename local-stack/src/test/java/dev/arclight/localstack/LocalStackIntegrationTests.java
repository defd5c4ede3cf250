package dev.arclight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real local stack (PostgreSQL process, in-JVM Kafka) on free ports in a temp directory. */
class LocalStackIntegrationTests {

    @TempDir
    static Path sharedHome;

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(FreePorts.settingsFor(sharedHome));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Connection connect(LocalStackSettings settings, String role) throws SQLException {
        // Each service logs in as its own role, with the role name as its local password.
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + settings.postgresPort() + "/arclight", role, role);
    }

    @Test
    void announcesThePortsItListensOn() {
        var settings = stack.settings();

        assertThat(stack.readyLine())
                .isEqualTo("local-stack ready postgres=localhost:" + settings.postgresPort() + " kafka=localhost:"
                        + settings.kafkaPort());
    }

    @Test
    void givesEachDataOwningServiceARoleThatWritesOnlyItsOwnSchema() throws SQLException {
        try (var pool = connect(stack.settings(), "pool");
                var sql = pool.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS pool.vms (id int)");
        }
        try (var placement = connect(stack.settings(), "placement");
                var sql = placement.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS placement.functions (name text)");
            sql.execute("INSERT INTO placement.functions VALUES ('hello')");

            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM pool.vms"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("42501");
        }
    }

    @Test
    void kafkaServesAProducedRecordToAConsumer() throws Exception {
        var topic = "local-stack-smoke";
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (var producer = new KafkaProducer<String, String>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "fn-1", "invoked")).get();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "local-stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        var received = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }

        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("fn-1");
            assertThat(record.value()).isEqualTo("invoked");
        });
    }

    @Test
    void keepsItsDataAcrossARestartAndLeavesNoPostgresBehind(@TempDir Path home) throws SQLException {
        var settings = FreePorts.settingsFor(home);
        try (var first = LocalStack.start(settings);
                var placement = connect(settings, "placement");
                var sql = placement.createStatement()) {
            sql.execute("CREATE TABLE placement.survivors (name text)");
            sql.execute("INSERT INTO placement.survivors VALUES ('still here')");
        }

        assertThat(LeftoverPostgres.findServer(settings.postgresDataDirectory()))
                .as("the PostgreSQL server process after close")
                .isEmpty();

        try (var second = LocalStack.start(settings);
                var placement = connect(settings, "placement");
                var sql = placement.createStatement();
                var rows = sql.executeQuery("SELECT name FROM placement.survivors")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }
}
