package dev.arclight.testkit;

import dev.arclight.localstack.ServiceSchemas;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A running PostgreSQL server with one database, {@value #DATABASE}, in which each service gets its
 * own role and schema exactly as in the local stack and in production (see {@link ServiceSchemas}).
 */
public final class PostgresServer implements AutoCloseable {

    static final String DATABASE = "arclight";

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final AutoCloseable server;
    private final Set<String> preparedServices = new HashSet<>();

    private PostgresServer(String host, int port, String adminUser, String adminPassword, AutoCloseable server) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.server = server;
    }

    static PostgresServer embedded() {
        try {
            // Its own JVM hook would stop the server while the Spring contexts still close
            // (RealInfrastructure stops it after them).
            var embedded =
                    EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            try (var connection = embedded.getPostgresDatabase().getConnection();
                    var sql = connection.createStatement()) {
                sql.execute("CREATE DATABASE " + DATABASE);
            }
            return new PostgresServer("localhost", embedded.getPort(), "postgres", "postgres", embedded);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    @SuppressWarnings("resource") // closed by close()
    static PostgresServer inContainer() {
        var container = new PostgreSQLContainer("postgres:18-alpine").withDatabaseName(DATABASE);
        container.start();
        return new PostgresServer(
                container.getHost(),
                container.getMappedPort(5432),
                container.getUsername(),
                container.getPassword(),
                container::stop);
    }

    /** The JDBC URL of the shared database, landing in {@code schema} by default. */
    public String jdbcUrl(String schema) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE + "?currentSchema=" + schema;
    }

    /** Creates the role and schema of {@code service} once; its password is its name. */
    public synchronized ServiceDatabase databaseFor(String service) {
        if (preparedServices.add(service)) {
            ServiceSchemas.ensure(adminDataSource(), service, service);
        }
        return new ServiceDatabase(jdbcUrl(service), service, service);
    }

    /** A superuser connection to the shared database, for tests that check what roles may do. */
    public DataSource adminDataSource() {
        return dataSource(adminUser, adminPassword);
    }

    /** A connection as {@code user}, as a service would connect. */
    public DataSource dataSource(String user, String password) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(DATABASE);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            // The JVM is exiting; a server that will not stop cleanly is not worth failing the run.
            System.err.println("could not stop test PostgreSQL: " + e);
        }
    }

    /** How one service connects: its own role, landing in its own schema. */
    public record ServiceDatabase(String jdbcUrl, String username, String password) {}
}
