package dev.arclight.placement.concurrency;

import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import dev.arclight.placement.shutdown.ShutdownWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Counts concurrent executions in PostgreSQL, so that the limits hold however many placement
 * instances (and gateways in front of them) take calls, without a round trip per call.
 *
 * <h2>Algorithm</h2>
 *
 * Every instance owns rows in {@code concurrency_leases}: (instance, tenant, function ARN,
 * reserved?, slots). The slots of a row are those the instance <b>leased</b>: held by its calls, or
 * kept for its next ones. A call takes a leased slot no call holds, in memory ({@link SlotBudget});
 * only when there is none does it call the SQL function {@code concurrency_lease} (migration V6),
 * one round trip and one short transaction:
 *
 * <ol>
 *   <li>{@code pg_advisory_xact_lock} on the tenant, so that the leasers of one tenant, on any
 *       instance, take turns between reading the counts and adding to them;
 *   <li>it sums the leased slots of the live instances: of this function, and of the tenant's
 *       functions without reserved concurrency;
 *   <li>the limit is the function's reserved concurrency {@code R} (0 throttles every call, as on
 *       Lambda) or, for a function without, the account limit minus the sum of the reservations
 *       in {@code functions}. Nothing left: 429 {@code TooManyRequestsException} with the matching
 *       {@code Reason}. Else it grants up to the slots asked for, at most half of what is left (at
 *       least one), and adds them to this instance's row.
 * </ol>
 *
 * Leased slots go back with one {@code UPDATE} each time the budget gives some back: at once for
 * an exact lease, after {@code lease-hold} without use otherwise, all unheld ones of a tenant when a
 * call of that tenant was refused (then the call tries once more).
 *
 * <h2>The trade-off</h2>
 *
 * The sum of every instance's leased slots never exceeds a limit, so no limit is ever exceeded;
 * what leasing costs is the other direction: a call can be refused while fewer calls than the
 * limit run, because another instance keeps slots it does not use, for at most {@code lease-hold}
 * after its load fell. The grant of at most half the headroom keeps such slots few near a limit.
 * Limits below {@code exact-below} (50 by default: small reservations and accounts, where one slot
 * matters) are leased one slot per call and given back at release: those are exact across
 * instances, at two round trips per call, as before leasing.
 *
 * <h2>Instances that die</h2>
 *
 * Each instance heartbeats its row in {@code concurrency_instances} every {@code
 * heartbeat-interval}, using PostgreSQL's clock (so instances' clocks need not agree). Rows of an
 * instance whose heartbeat is older than {@code heartbeat-timeout} are not counted, and each
 * heartbeat deletes them: a killed instance holds its slots, leased ones included, for at most the
 * timeout. An instance that stops cleanly deletes its rows at once.
 *
 * <h2>Known caveats</h2>
 *
 * An instance cut off from PostgreSQL for longer than the timeout is treated as dead although its
 * calls may still run: until its next heartbeat, which writes the slots its calls hold back, the
 * tenant can exceed its limit by those calls. All leasers of one tenant are serialized on its lock.
 */
public class PostgresConcurrencyLimiter implements ConcurrencyLimiter, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresConcurrencyLimiter.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private record Key(String tenant, String functionArn) {}

    /** A function's budget here, and whether its last lease was of a reserved function. */
    private static final class Entry {
        final SlotBudget budget;
        volatile boolean reserved;

        Entry(SlotBudget budget) {
            this.budget = budget;
        }
    }

    private final String instanceId;
    private final ConcurrencyProperties properties;
    private final LeaseTable table;
    private final Clock clock;
    private final Map<Key, Entry> budgets = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeats;
    private volatile boolean running;

    public PostgresConcurrencyLimiter(String instanceId, ConcurrencyProperties properties, DataSource dataSource) {
        this(instanceId, properties, dataSource, Clock.systemUTC());
    }

    PostgresConcurrencyLimiter(
            String instanceId, ConcurrencyProperties properties, DataSource dataSource, Clock clock) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.properties = properties;
        this.table = new LeaseTable(instanceId, dataSource);
        this.clock = clock;
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
        long trimEvery = Math.max(10, properties.leaseHold().toMillis() / 2);
        heartbeats.scheduleWithFixedDelay(this::trimQuietly, trimEvery, trimEvery, TimeUnit.MILLISECONDS);
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
        var key = new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(functionArn, "functionArn"));
        for (int attempt = 1; ; attempt++) {
            Object taken;
            try {
                taken = take(key, reservedConcurrency);
            } catch (DataIntegrityViolationException e) {
                // Our instance row is gone: we were taken for dead (a long pause). Come back and retry once.
                log.warn("Instance {} had been taken for dead; registering again", instanceId);
                heartbeat();
                taken = take(key, reservedConcurrency);
            }
            if (taken instanceof Entry entry) {
                return Permit.releasingOnce(() -> release(key, entry));
            }
            // Refused: this instance's own idle leases of the tenant may be what is missing.
            if (attempt > 1 || surrender(tenant) == 0) {
                throw throttled((String) taken, reservedConcurrency);
            }
        }
    }

    /** The entry whose slot the call now holds, or the refusal's verdict. */
    private Object take(Key key, Integer reserved) {
        while (true) {
            var entry = budgets.computeIfAbsent(key, k -> new Entry(new SlotBudget(clock, properties.leaseHold())));
            synchronized (entry.budget) {
                if (entry.budget.retired()) {
                    continue; // trimmed away meanwhile: look it up again
                }
                if (entry.budget.take()) {
                    return entry;
                }
                var lease = table.lease(
                        key.tenant(),
                        key.functionArn(),
                        reserved,
                        properties.accountLimit(key.tenant()),
                        timeoutSeconds(),
                        entry.budget.wanted(properties.leaseBatch()),
                        properties.exactBelow());
                if (lease.granted() < 1) {
                    return lease.verdict();
                }
                entry.reserved = reserved != null;
                entry.budget.granted(lease.granted(), lease.exact());
                return entry;
            }
        }
    }

    private TooManyRequestsException throttled(String verdict, Integer reserved) {
        return switch (verdict) {
            case "RESERVED_LIMIT" ->
                new TooManyRequestsException(
                        "Rate Exceeded. The reserved concurrency of " + reserved + " is reached",
                        Reason.ReservedFunctionConcurrentInvocationLimitExceeded,
                        properties.retryAfter());
            case "ACCOUNT_LIMIT" ->
                new TooManyRequestsException(
                        "Rate Exceeded. The account's concurrency limit is reached",
                        Reason.ConcurrentInvocationLimitExceeded,
                        properties.retryAfter());
            default -> throw new IllegalStateException("Unexpected verdict " + verdict);
        };
    }

    private void release(Key key, Entry entry) {
        int back;
        synchronized (entry.budget) {
            back = entry.budget.release();
        }
        giveBack(key, entry, back);
    }

    private void giveBack(Key key, Entry entry, int slots) {
        if (slots == 0) {
            return;
        }
        try {
            table.giveBack(key.tenant(), key.functionArn(), slots);
        } catch (RuntimeException e) {
            // Still leased in PostgreSQL: keep them here too, so that a later trim tries again.
            synchronized (entry.budget) {
                entry.budget.notReturned(slots);
            }
            log.error("Could not give back {} slot(s) of {} on {}", slots, key.functionArn(), instanceId, e);
        }
    }

    /** Gives back every slot of the tenant that no call here holds; returns how many. */
    private int surrender(String tenant) {
        int total = 0;
        for (var held : budgets.entrySet()) {
            if (held.getKey().tenant().equals(tenant)) {
                int back;
                synchronized (held.getValue().budget) {
                    back = held.getValue().budget.surrender();
                }
                giveBack(held.getKey(), held.getValue(), back);
                total += back;
            }
        }
        return total;
    }

    /** Gives back the slots each function has not needed for a hold, and forgets idle functions. */
    void trim() {
        for (var held : budgets.entrySet()) {
            var budget = held.getValue().budget;
            int back;
            synchronized (budget) {
                back = budget.trim();
                if (budget.empty()) {
                    budget.retire();
                    budgets.remove(held.getKey(), held.getValue());
                }
            }
            giveBack(held.getKey(), held.getValue(), back);
        }
    }

    private void trimQuietly() {
        try {
            trim();
        } catch (RuntimeException e) {
            log.warn("Giving back idle concurrency slots of {} failed", instanceId, e);
        }
    }

    /** Says this instance is alive, and clears the rows of instances that are not. */
    void heartbeat() {
        if (table.heartbeat()) {
            restoreHeldSlots();
        }
        int dead = table.clearDead(timeoutSeconds());
        if (dead > 0) {
            log.info("Freed the concurrency slots of {} instance(s) that stopped heartbeating", dead);
        }
        table.dropEmptyRows();
    }

    /** Our rows were deleted while calls ran: write back the slots they hold; the rest is not leased. */
    private void restoreHeldSlots() {
        for (var held : budgets.entrySet()) {
            int holding;
            synchronized (held.getValue().budget) {
                holding = held.getValue().budget.reset();
            }
            if (holding > 0) {
                table.restore(held.getKey().tenant(), held.getKey().functionArn(), held.getValue().reserved, holding);
            }
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn("Concurrency heartbeat of {} failed", instanceId, e);
        }
    }

    private double timeoutSeconds() {
        return properties.heartbeatTimeout().toMillis() / 1000.0;
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
     * Stops heartbeating and gives back every slot this instance holds or leased. Waits at most a
     * few seconds for PostgreSQL: if it does not answer, the rows expire with the heartbeat anyway.
     */
    @Override
    public synchronized void close() {
        stopHeartbeats();
        budgets.clear();
        switch (ShutdownWrite.within("concurrency-close-" + instanceId, CLOSE_TIMEOUT, table::unregister)) {
            case ShutdownWrite.Outcome.Written written -> {}
            case ShutdownWrite.Outcome.Failed failed ->
                log.warn(
                        "Could not clear the concurrency rows of {}; they expire with its heartbeat",
                        instanceId,
                        failed.cause());
            case ShutdownWrite.Outcome.GaveUp gaveUp ->
                log.warn(
                        "Gave up clearing the concurrency rows of {} after {}; they expire with its heartbeat",
                        instanceId,
                        gaveUp.after());
        }
    }
}
