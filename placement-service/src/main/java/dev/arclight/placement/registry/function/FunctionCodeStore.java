package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.RequestTooLargeException;
import dev.arclight.placement.registry.RegistryProperties;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Zips in PostgreSQL, one row per tenant and SHA-256, shared by every version with that code. Runs
 * in the caller's transaction, so code stored for a write that fails goes with it.
 */
@Component
public class FunctionCodeStore {

    private final JdbcClient jdbc;
    private final ZipInspector inspector;
    private final long maxZippedBytes;
    private final Clock clock;

    FunctionCodeStore(JdbcClient jdbc, RegistryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.inspector = new ZipInspector(properties.codeSizeUnzipped().toBytes(), properties.codeMaxEntries());
        this.maxZippedBytes = properties.codeSizeZipped().toBytes();
        this.clock = clock;
    }

    /** Checks the zip and stores it unless the tenant already has the same bytes. */
    StoredCode store(String tenant, byte[] zip) {
        long unzipped = check(zip);
        var sha256 = sha256(zip);
        // Concurrent uploads of the same code both succeed: the second insert waits for the first
        // and then does nothing.
        jdbc.sql("INSERT INTO function_code (tenant, sha256, zip, size_bytes, unzipped_bytes, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, sha256) DO NOTHING")
                .params(tenant, sha256, zip, zip.length, unzipped, Timestamp.from(Instant.now(clock)))
                .update();
        return new StoredCode(sha256, zip.length);
    }

    /** Checks that the zip is one Lambda would take; returns its unzipped size. */
    long check(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw new InvalidParameterValueException("Code.ZipFile is required: a base64-encoded zip archive");
        }
        if (zip.length > maxZippedBytes) {
            throw new RequestTooLargeException("Zipped size must be smaller than " + maxZippedBytes + " bytes");
        }
        return inspector.unzippedSize(zip);
    }

    public Optional<byte[]> load(String tenant, String sha256) {
        return jdbc.sql("SELECT zip FROM function_code WHERE tenant = ? AND sha256 = ?")
                .params(tenant, sha256)
                .query(byte[].class)
                .optional();
    }

    /** Drops the tenant's code that no version uses any more. */
    void deleteUnused(String tenant) {
        jdbc.sql("DELETE FROM function_code c WHERE c.tenant = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM function_versions v WHERE v.tenant = c.tenant AND v.code_sha256 = c.sha256)")
                .params(tenant)
                .update();
    }

    /** The size of all the tenant's versions' code, counting shared code once per version, as Lambda does. */
    public long totalCodeSize(String tenant) {
        return jdbc.sql("SELECT coalesce(sum(code_size), 0) FROM function_versions WHERE tenant = ?")
                .params(tenant)
                .query(Long.class)
                .single();
    }

    static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
