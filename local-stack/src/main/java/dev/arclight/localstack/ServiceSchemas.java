package dev.arclight.localstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Gives each data-owning service its own PostgreSQL role and a schema of the same name that only
 * that role can use. A service therefore cannot read or write another service's tables even by
 * mistake: the database refuses it, not just a code review.
 *
 * <p>Idempotent, so the local stack and the test kit run it on every start.
 */
public final class ServiceSchemas {

    /** The services that own data, each with a schema (and a login role) of that name. */
    public static final List<String> DATA_OWNING_SERVICES = List.of("placement", "pool", "reclaim");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private ServiceSchemas() {}

    /** Creates (or repairs) the role {@code service} with {@code password} and its private schema. */
    public static void ensure(DataSource admin, String service, String password) {
        if (!IDENTIFIER.matcher(service).matches()) {
            throw new IllegalArgumentException("service name is not a plain SQL identifier: " + service);
        }
        var quotedPassword = "'" + password.replace("'", "''") + "'";
        try (Connection connection = admin.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + service
                    + "') THEN CREATE ROLE " + service + " LOGIN; END IF; END $$");
            sql.execute("ALTER ROLE " + service + " WITH LOGIN PASSWORD " + quotedPassword);
            sql.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + service);
            sql.execute("REVOKE ALL ON SCHEMA " + service + " FROM PUBLIC");
            // Nobody gets to park tables in the shared public schema.
            sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not prepare the database schema of " + service + ": " + e.getMessage(), e);
        }
    }

    /** Prepares every data-owning service, each with its name as its password (local use only). */
    public static void ensureAllWithLocalPasswords(DataSource admin) {
        DATA_OWNING_SERVICES.forEach(service -> ensure(admin, service, service));
    }
}
