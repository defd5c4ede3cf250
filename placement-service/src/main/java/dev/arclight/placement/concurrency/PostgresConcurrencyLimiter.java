package dev.arclight.placement.concurrency;

import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts concurrent executions in PostgreSQL, so that the limits hold however many placement
 * instances (and gateways in front of them) take calls.
 *
 * <h2>Algorithm</h2>
 *
 * Every instance owns rows in {@code concurrency_leases}: (instance, tenant, function ARN,
 * reserved?, in-flight). {@link #acquire} is one call of the SQL function {@code
 * concurrency_acquire} (migration V3), so one round trip and one short transaction:
 *
 * <ol>
 *   <li>{@code pg_advisory_xact_lock} on the tenant, so that the acquirers of one tenant, on any
 *       instance, take turns between reading the counts and adding to them (tenants never wait for
 *       each other, short of a hash collision); each statement after the lock sees what the
 *       previous holder committed;
 *   <li>it sums the in-flight counts of the live instances: of this function, and of the tenant's
 *       functions without reserved concurrency;
 *   <li>a function with reserved concurrency {@code R} runs if its in-flight count is below
 *       {@code R} (0 throttles every call, as on Lambda); a function without runs if the tenant's
 *       unreserved in-flight count is below the account limit minus the sum of the reservations in
 *       {@code functions}; otherwise 429 {@code TooManyRequestsException} with the matching {@code
 *       Reason};
 *   <li>an upsert adds one to this instance's row.
 * </ol>
 *
 * Releasing is one {@code UPDATE ... in_flight - 1} of this instance's row, no lock needed: giving
 * a slot back can never break a limit.
 *
 * <h2>Instances that die</h2>
 *
 * Each instance heartbeats its row in {@code concurrency_instances} every {@code
 * heartbeat-interval}, using PostgreSQL's clock (so instances' clocks need not agree). Rows of an
 * instance whose heartbeat is older than {@code heartbeat-timeout} are not counted, and each
 * heartbeat deletes them: a killed instance holds its slots for at most the timeout. An instance
 * that stops cleanly deletes its rows at once.
 *
 * <h2>Known caveats</h2>
 *
 * An instance cut off from PostgreSQL for longer than the timeout is treated as dead although its
 * calls may still run: for that moment the tenant can exceed its limit by those calls (its next
 * heartbeat registers it again; the lost rows are not rebuilt). Each call costs two round trips
 * to PostgreSQL, acquire and release (see {@code ConcurrencyLimiterBenchmark}); all acquirers of
 * one tenant are serialized on its lock, for the time the function runs inside PostgreSQL.
 */
public class PostgresConcurrencyLimiter implements ConcurrencyLimiter, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresConcurrencyLimiter.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final String instanceId;
    private final ConcurrencyProperties properties;
    private final JdbcClient jdbc;
    private ScheduledExecutorService heartbeats;
    private volatile boolean running;

    public PostgresConcurrencyLimiter(String instanceId, ConcurrencyProperties properties, DataSource dataSource) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.properties = properties;
        this.jdbc = JdbcClient.create(dataSource);
    }

    public String instanceId() {
        return instanceId;
    }

    /** Registers this instance and heartbeats from now on (after Flyway: lifecycle beans start last). */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        heartbeat();
        // A new executor on every start: a stopped instance can be started again (Spring pauses
        // and resumes the lifecycle of cached test contexts, for one).
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("concurrency-heartbeat-" + instanceId)
                .daemon()
                .factory());
        long every = properties.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeatQuietly, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the consumers of asynchronous events, which take slots. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    @Override
    public Permit acquire(String tenant, String functionArn, Integer reservedConcurrency) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(functionArn, "functionArn");
        try {
            take(tenant, functionArn, reservedConcurrency);
        } catch (DataIntegrityViolationException e) {
            // Our instance row is gone: we were taken for dead (a long pause). Come back and retry once.
            log.warn("Instance {} had been taken for dead; registering again", instanceId);
            heartbeat();
            take(tenant, functionArn, reservedConcurrency);
        }
        return Permit.releasingOnce(() -> release(tenant, functionArn));
    }

    private void take(String tenant, String functionArn, Integer reserved) {
        var verdict = jdbc.sql("SELECT concurrency_acquire(?, ?, ?, ?, ?, ?)")
                .params(
                        instanceId,
                        tenant,
                        functionArn,
                        reserved,
                        properties.accountLimit(tenant),
                        properties.heartbeatTimeout().toMillis() / 1000.0)
                .query(String.class)
                .single();
        switch (verdict) {
            case "ACQUIRED" -> {}
            case "RESERVED_LIMIT" ->
                throw throttled(
                        "Rate Exceeded. The reserved concurrency of " + reserved + " is reached",
                        Reason.ReservedFunctionConcurrentInvocationLimitExceeded);
            case "ACCOUNT_LIMIT" ->
                throw throttled(
                        "Rate Exceeded. The account's concurrency limit is reached",
                        Reason.ConcurrentInvocationLimitExceeded);
            default -> throw new IllegalStateException("Unexpected verdict " + verdict);
        }
    }

    private TooManyRequestsException throttled(String message, Reason reason) {
        return new TooManyRequestsException(message, reason, properties.retryAfter());
    }

    private void release(String tenant, String functionArn) {
        try {
            jdbc.sql("""
                            UPDATE concurrency_leases SET in_flight = in_flight - 1
                             WHERE instance_id = ? AND tenant = ? AND function_arn = ? AND in_flight > 0
                            """).params(instanceId, tenant, functionArn).update();
        } catch (RuntimeException e) {
            // The slot stays counted until this instance stops or is taken for dead.
            log.error("Could not give back a slot of {} on {}", functionArn, instanceId, e);
        }
    }

    /** Says this instance is alive, and clears the rows of instances that are not. */
    void heartbeat() {
        jdbc.sql("""
                        INSERT INTO concurrency_instances (instance_id, heartbeat_at) VALUES (?, clock_timestamp())
                        ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                        """).params(instanceId).update();
        int dead = jdbc.sql("""
                        DELETE FROM concurrency_instances
                         WHERE heartbeat_at < clock_timestamp() - make_interval(secs => ?)
                        """)
                .params(properties.heartbeatTimeout().toMillis() / 1000.0)
                .update();
        if (dead > 0) {
            log.info("Freed the concurrency slots of {} instance(s) that stopped heartbeating", dead);
        }
        // Rows at zero are kept between calls to save an insert, and dropped here so they do not pile up.
        jdbc.sql("DELETE FROM concurrency_leases WHERE instance_id = ? AND in_flight = 0")
                .params(instanceId)
                .update();
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("Concurrency heartbeat of {} failed", instanceId, e);
        }
    }

    /** Stops heartbeating and leaves every row behind, as a killed instance would. For tests. */
    synchronized void abandon() {
        stopHeartbeats();
    }

    private void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats = null;
        }
        running = false;
    }

    /**
     * Stops heartbeating and gives back every slot this instance holds. Waits at most a few seconds
     * for PostgreSQL: if it does not answer, the rows expire with the heartbeat anyway.
     */
    @Override
    public synchronized void close() {
        stopHeartbeats();
        var cleared = CompletableFuture.runAsync(
                () -> jdbc.sql("DELETE FROM concurrency_instances WHERE instance_id = ?")
                        .params(instanceId)
                        .update(),
                runnable -> Thread.ofVirtual()
                        .name("concurrency-close-" + instanceId)
                        .start(runnable));
        try {
            cleared.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not clear the concurrency rows of {}; they expire with its heartbeat", instanceId, e);
        }
    }
}
