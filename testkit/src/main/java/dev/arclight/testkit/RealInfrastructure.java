package dev.arclight.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.testcontainers.DockerClientFactory;

/**
 * The real PostgreSQL server and Kafka broker that integration tests run against, each started at
 * most once per test JVM (so once per Maven module) and stopped when the JVM exits.
 *
 * <p>Where a Docker engine answers, both run as Testcontainers; otherwise PostgreSQL runs from
 * embedded server binaries and Kafka as an in-JVM KRaft broker. Either way they are the real
 * servers, speaking the real protocols: nothing here is a mock.
 *
 * <p>They stop through Spring Boot's shutdown handlers, which run after the JVM's Spring contexts
 * have closed. A plain JVM shutdown hook runs beside the contexts' closing instead: placement's
 * shutdown destroying its VMs then waited Hikari's 30 s for a connection to a stopped PostgreSQL,
 * and Surefire killed the JVM.
 */
public final class RealInfrastructure {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static Boolean docker;

    private RealInfrastructure() {}

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = dockerAvailable() ? PostgresServer.inContainer() : PostgresServer.embedded();
            SpringApplication.getShutdownHandlers().add(postgres::close);
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = dockerAvailable() ? KafkaBroker.inContainer() : KafkaBroker.embedded();
            SpringApplication.getShutdownHandlers().add(kafka::close);
        }
        return kafka;
    }

    private static boolean dockerAvailable() {
        if (docker == null) {
            docker = !Boolean.getBoolean("arclight.test.no-docker")
                    && mayHaveDocker()
                    && DockerClientFactory.instance().isDockerAvailable();
        }
        return docker;
    }

    /** Saves Testcontainers' slow, noisy probe on machines with no Docker engine at all. */
    private static boolean mayHaveDocker() {
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }
}
