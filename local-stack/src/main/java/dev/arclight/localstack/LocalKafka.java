package dev.arclight.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one server) running in
 * this JVM, on fixed ports, with its log in a directory that survives restarts.
 */
final class LocalKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;

    private LocalKafka(KafkaRaftServer server) {
        this.server = server;
    }

    static LocalKafka start(LocalStackSettings settings) {
        var directory = settings.kafkaDirectory();
        var properties = serverProperties(settings);
        var configFile = directory.resolve("server.properties");
        writeConfig(configFile, properties);
        var dataDirectory = directory.resolve("data");
        if (!Files.exists(dataDirectory.resolve("meta.properties"))) {
            format(configFile);
        }
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new LocalStackException("Kafka refused its configuration (" + configFile + "): " + e.getMessage(), e);
        }
        var kafka = new LocalKafka(server);
        try {
            server.startup();
            awaitBrokerAnswers(settings.kafkaPort());
        } catch (RuntimeException e) {
            kafka.close();
            throw new LocalStackException(
                    "Kafka did not start on port " + settings.kafkaPort() + " with data in " + dataDirectory + ": "
                            + e.getMessage(),
                    e);
        }
        log.info("Kafka ready on port {} with data in {}", settings.kafkaPort(), dataDirectory);
        return kafka;
    }

    /** Blocks until the broker has stopped, whoever stopped it. */
    void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static Map<String, String> serverProperties(LocalStackSettings settings) {
        var broker = "localhost:" + settings.kafkaPort();
        var controller = "localhost:" + settings.kafkaControllerPort();
        var properties = new TreeMap<String, String>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        // A static one-voter quorum: nothing about the listeners is written into the formatted
        // storage, so changing the ports later only needs a restart, not a reformat.
        properties.put("controller.quorum.voters", NODE_ID + "@" + controller);
        properties.put("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        properties.put("advertised.listeners", "PLAINTEXT://" + broker);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", settings.kafkaDirectory().resolve("data").toString());
        // One node: every internal topic must make do with one replica.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "4");
        // Fewer internal partitions and threads than a production broker: faster first start, less memory.
        properties.put("offsets.topic.num.partitions", "8");
        properties.put("transaction.state.log.num.partitions", "4");
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "4");
        properties.put("num.recovery.threads.per.data.dir", "1");
        properties.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // A consumer that joins a fresh group gets its partitions at once instead of after 3 s.
        properties.put("group.initial.rebalance.delay.ms", "0");
        return properties;
    }

    private static void writeConfig(Path file, Map<String, String> properties) {
        var content = new Properties();
        content.putAll(properties);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                content.store(out, "Written by the Arclight local stack on every start; edits here are overwritten.");
            }
        } catch (IOException e) {
            throw new LocalStackException("cannot write the Kafka configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Formats the storage once, as {@code kafka-storage.sh format} would, with a fresh cluster id. */
    private static void format(Path configFile) {
        var output = new ByteArrayOutputStream();
        int status;
        try (var printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()
                    },
                    printer);
        } catch (RuntimeException e) {
            throw new LocalStackException("could not format the Kafka storage: " + e.getMessage(), e);
        }
        if (status != 0) {
            throw new LocalStackException(
                    "could not format the Kafka storage: " + output.toString(StandardCharsets.UTF_8));
        }
        log.info("{}", output.toString(StandardCharsets.UTF_8).strip());
    }

    /** The server's startup returns before the broker serves clients; ask it, as a client would. */
    private static void awaitBrokerAnswers(int port) {
        var config = Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the broker did not answer within 60 s (" + e + ")", e);
        }
    }
}
