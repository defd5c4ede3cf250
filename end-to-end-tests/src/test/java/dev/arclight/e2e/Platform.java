package dev.arclight.e2e;

import dev.arclight.testkit.RealInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform under test, started once per test JVM: a real PostgreSQL and Kafka from the test
 * kit, then the services from their runnable jars, each on a free port and configured the way an
 * operator would (environment variables and arguments over the jar's own defaults).
 */
final class Platform {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static Platform running;

    private final Map<String, ServiceProcess> services;

    private Platform(Map<String, ServiceProcess> services) {
        this.services = services;
    }

    static synchronized Platform get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "stop-e2e-platform"));
        }
        return running;
    }

    URI gatewayUrl() {
        return services.get("gateway-service").baseUrl();
    }

    URI placementUrl() {
        return services.get("placement-service").baseUrl();
    }

    private static Platform start() {
        var root = Path.of(System.getProperty("arclight.e2e.root", ".."))
                .toAbsolutePath()
                .normalize();
        var logs = Path.of(System.getProperty("arclight.e2e.logs", "target/e2e-logs"));
        var kafka = RealInfrastructure.kafka().bootstrapServers();
        var database = RealInfrastructure.postgres().databaseFor("placement");
        var started = new HashMap<String, ServiceProcess>();
        try {
            var placementPort = freePort();
            var placement = ServiceProcess.start(
                    "placement-service",
                    jar(root, "placement-service"),
                    placementPort,
                    Map.of(
                            "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                            "SPRING_DATASOURCE_USERNAME", database.username(),
                            "SPRING_DATASOURCE_PASSWORD", database.password(),
                            "SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka),
                    List.of(),
                    logs);
            started.put(placement.name(), placement);
            var gateway = ServiceProcess.start(
                    "gateway-service",
                    jar(root, "gateway-service"),
                    freePort(),
                    Map.of(
                            "ARCLIGHT_GATEWAY_PLACEMENT_URL",
                            placement.baseUrl().toString(),
                            "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                            kafka),
                    gatewayArguments(logs),
                    logs);
            started.put(gateway.name(), gateway);
            for (var service : started.values()) {
                service.awaitHealthy(START_TIMEOUT);
            }
            return new Platform(Map.copyOf(started));
        } catch (RuntimeException e) {
            started.values().forEach(ServiceProcess::close);
            throw e;
        }
    }

    /** A second tenant besides the default {@code local}, for isolation tests. */
    private static List<String> gatewayArguments(Path logs) {
        var config = logs.resolve("gateway-e2e.yml");
        try {
            Files.createDirectories(logs);
            Files.writeString(config, TestTenants.gatewayConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("--spring.config.additional-location=file:" + config);
    }

    private static Path jar(Path root, String module) {
        try (var jars = Files.list(root.resolve(module).resolve("target"))) {
            return jars.filter(path -> path.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElse(root.resolve(module).resolve("target").resolve(module + "-exec.jar"));
        } catch (IOException e) {
            return root.resolve(module).resolve("target").resolve(module + "-exec.jar");
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        // Gateway first, so nothing new reaches placement while it stops.
        var order = new ArrayList<>(List.of("gateway-service", "placement-service"));
        order.forEach(name -> services.get(name).close());
    }
}
