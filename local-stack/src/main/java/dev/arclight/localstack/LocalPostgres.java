package dev.arclight.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's binaries) on a fixed port, whose data directory survives
 * restarts, holding the {@code arclight} database with one schema and role per data-owning service.
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "arclight";

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static LocalPostgres start(LocalStackSettings settings) {
        var dataDirectory = settings.postgresDataDirectory();
        var logFile = settings.postgresLog();
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setPort(settings.postgresPort())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(
                            settings.postgresBinariesDirectory().toFile())
                    // LocalStack stops PostgreSQL itself, after Kafka; zonky's own hook would race it.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(20))
                    // zonky starts the server with -F (fsync off), fine for throw-away test data but
                    // not for a data directory that is meant to outlive the machine's next crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100")
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new LocalStackException(
                    "PostgreSQL did not start on port " + settings.postgresPort() + "; see its log " + logFile
                            + lastLines(logFile),
                    e);
        }
        var postgres = new LocalPostgres(server);
        try {
            postgres.prepareDatabase();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        log.info("PostgreSQL ready on port {} with data in {}", settings.postgresPort(), dataDirectory);
        return postgres;
    }

    DataSource dataSource(String user, String database) {
        return server.getDatabase(user, database);
    }

    int port() {
        return server.getPort();
    }

    private void prepareDatabase() {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement();
                var existing = sql.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!existing.next()) {
                sql.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new LocalStackException("could not create the database " + DATABASE + ": " + e.getMessage(), e);
        }
        try {
            ServiceSchemas.ensureAllWithLocalPasswords(dataSource("postgres", DATABASE));
        } catch (IllegalStateException e) {
            throw new LocalStackException(e.getMessage(), e);
        }
    }

    /** Stops the server process (pg_ctl stop -m fast) and waits for it to be gone. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static String lastLines(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            var tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : ":\n  " + String.join("\n  ", tail);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
