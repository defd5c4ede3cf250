package dev.arclight.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the local stack keeps its data and which ports it listens on.
 *
 * <p>Each value comes from a system property, else an environment variable, else a default. The
 * ports are fixed (not random) because the services' own defaults point at them.
 */
public record LocalStackSettings(Path home, int postgresPort, int kafkaPort, int kafkaControllerPort) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;

    public LocalStackSettings {
        home = home.toAbsolutePath().normalize();
    }

    /** Reads the settings the way {@code ./arclight up} passes them: properties win over the environment. */
    public static LocalStackSettings from(Map<String, String> env, Properties properties) {
        var source = new Source(env, properties);
        var home = source.value("arclight.home", "ARCLIGHT_HOME")
                .map(Path::of)
                .orElseGet(() -> Path.of(properties.getProperty("user.home"), ".arclight"));
        int postgresPort = source.port("arclight.pg.port", "ARCLIGHT_PG_PORT", DEFAULT_POSTGRES_PORT);
        int kafkaPort = source.port("arclight.kafka.port", "ARCLIGHT_KAFKA_PORT", DEFAULT_KAFKA_PORT);
        // The controller sits next to the broker unless told otherwise, so moving Kafka moves both.
        int controllerPort =
                source.port("arclight.kafka.controller.port", "ARCLIGHT_KAFKA_CONTROLLER_PORT", kafkaPort + 1);
        return new LocalStackSettings(home, postgresPort, kafkaPort, controllerPort);
    }

    public Path postgresDataDirectory() {
        return home.resolve("postgres");
    }

    /** PostgreSQL's binaries live beside its data, not in /tmp where a cleaner could delete them mid-run. */
    public Path postgresBinariesDirectory() {
        return home.resolve("postgres-binaries");
    }

    public Path kafkaDirectory() {
        return home.resolve("kafka");
    }

    public Path logsDirectory() {
        return home.resolve("logs");
    }

    public Path postgresLog() {
        return logsDirectory().resolve("postgres.log");
    }

    private record Source(Map<String, String> env, Properties properties) {

        Optional<String> value(String property, String variable) {
            var fromProperty = properties.getProperty(property);
            if (fromProperty != null && !fromProperty.isBlank()) {
                return Optional.of(fromProperty.strip());
            }
            var fromEnv = env.get(variable);
            return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.strip());
        }

        int port(String property, String variable, int fallback) {
            var raw = value(property, variable);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                int port = Integer.parseInt(raw.get());
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below, with the name the user actually set
            }
            throw new LocalStackException(variable + " (or -D" + property
                    + ") must be a port number from 1 to 65535, not '" + raw.get() + "'");
        }
    }
}
