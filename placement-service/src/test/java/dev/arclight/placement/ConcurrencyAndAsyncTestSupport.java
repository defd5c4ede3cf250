package dev.arclight.placement;

import dev.arclight.placement.tenant.TenantDirectory;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * One placement application with real PostgreSQL and Kafka, with a {@link TestInvoker} in place of
 * the sandbox, shared by the tests of concurrency limits and asynchronous invocations. Timings are
 * short so that expiry and retries happen within a test.
 */
@SpringBootTest
@WithRealInfrastructure(database = "placement", kafka = true)
@Import(TestInvoker.Configuration.class)
@TestPropertySource(
        properties = {
            "arclight.placement.concurrency.heartbeat-interval=300ms",
            "arclight.placement.concurrency.heartbeat-timeout=2s",
            "arclight.placement.concurrency.tenant-limits.limited=4",
            // Off in every other test context (config/application.yml), so that only this one consumes.
            "arclight.placement.async.consumers=2",
            "arclight.placement.async.backoff=200ms,400ms",
            "arclight.placement.async.throttle-backoff=100ms",
            // The test JVM's broker may stop before this context does; do not wait for it long.
            "arclight.placement.async.shutdown-grace=1s",
        })
public abstract class ConcurrencyAndAsyncTestSupport {

    /** The tenant whose account limit the properties above set to 4. */
    protected static final String LIMITED_TENANT = "limited";

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TenantDirectory tenants;

    @Autowired
    protected TestInvoker invoker;

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A function row as the registry would write it, with the given reserved concurrency. */
    protected void registerFunction(String tenant, String name, Integer reservedConcurrency) {
        tenants.ensure(tenant);
        jdbc.sql("""
                        INSERT INTO functions (tenant, name, reserved_concurrency, revision, created_at)
                        VALUES (?, ?, ?, 1, ?)
                        ON CONFLICT (tenant, name) DO UPDATE SET reserved_concurrency = excluded.reserved_concurrency
                        """)
                .params(tenant, name, reservedConcurrency, java.sql.Timestamp.from(Instant.now()))
                .update();
    }

    protected String arnOf(String tenant, String name) {
        return "arn:aws:lambda:us-east-1:" + tenants.ensure(tenant).accountId() + ":function:" + name;
    }
}
