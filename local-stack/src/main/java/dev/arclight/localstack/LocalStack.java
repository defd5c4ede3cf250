package dev.arclight.localstack;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure behind {@code ./arclight up}: a real PostgreSQL and a real single-node Kafka,
 * both on fixed local ports with their data under {@code $ARCLIGHT_HOME}.
 *
 * <p>As a program it prints one ready line on stdout once both accept connections, then runs until
 * SIGTERM or SIGINT, when it stops Kafka and then PostgreSQL. Tests use {@link #start} and
 * {@link #close} directly.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private boolean closed;

    private LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        LocalStack stack = null;
        try {
            stack = new LocalStack(LocalStackSettings.from(System.getenv(), System.getProperties()));
            // Registered before anything starts, so a signal that arrives mid-start still stops
            // whatever is already running (PostgreSQL outlives the JVM otherwise).
            var running = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "local-stack-shutdown"));
            stack.startAll();
        } catch (LocalStackException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException | Error e) {
            System.err.println("local-stack: unexpected failure, details follow");
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(stack.readyLine());
        System.out.flush();
        stack.kafka().awaitShutdown();
        if (!stack.isClosed()) {
            // Kafka stopped by itself (a fatal storage error, say): a stack without it is no stack.
            System.err.println("local-stack: Kafka stopped unexpectedly; see the log above");
            System.exit(1);
        }
    }

    /** Starts PostgreSQL, then Kafka, as described by {@code settings}; close to stop both. */
    public static LocalStack start(LocalStackSettings settings) {
        var stack = new LocalStack(settings);
        stack.startAll();
        return stack;
    }

    private synchronized void startAll() {
        if (closed) {
            return;
        }
        try {
            Preflight.requireWritableDirectory(settings.home(), "ARCLIGHT_HOME");
            Preflight.requireWritableDirectory(settings.postgresDataDirectory(), "PostgreSQL data");
            Preflight.requireWritableDirectory(settings.kafkaDirectory(), "Kafka data");
            Preflight.requireWritableDirectory(settings.logsDirectory(), "logs");
            LeftoverPostgres.stopIfRunning(settings.postgresDataDirectory());
            Preflight.requireFreePort(settings.postgresPort(), "PostgreSQL", "ARCLIGHT_PG_PORT");
            Preflight.requireFreePort(settings.kafkaPort(), "Kafka broker", "ARCLIGHT_KAFKA_PORT");
            Preflight.requireFreePort(
                    settings.kafkaControllerPort(), "Kafka controller", "ARCLIGHT_KAFKA_CONTROLLER_PORT");
            postgres = LocalPostgres.start(settings);
            kafka = LocalKafka.start(settings);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The line {@code ./arclight up} waits for. */
    public String readyLine() {
        return "local-stack ready postgres=localhost:" + settings.postgresPort() + " kafka=localhost:"
                + settings.kafkaPort();
    }

    public LocalStackSettings settings() {
        return settings;
    }

    /** A connection source to {@code database} as {@code user}, on the running PostgreSQL. */
    public DataSource dataSource(String user, String database) {
        return postgres.dataSource(user, database);
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + settings.kafkaPort();
    }

    private synchronized LocalKafka kafka() {
        return kafka;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops Kafka first (it may still be flushing), then PostgreSQL; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (kafka != null) {
            log.info("stopping Kafka");
            try {
                kafka.close();
            } catch (RuntimeException e) {
                log.warn("Kafka did not stop cleanly: {}", e.toString());
            }
        }
        if (postgres != null) {
            log.info("stopping PostgreSQL");
            postgres.close();
            log.info("local stack stopped");
        }
    }
}
