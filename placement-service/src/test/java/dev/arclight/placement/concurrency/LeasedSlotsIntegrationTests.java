package dev.arclight.placement.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import dev.arclight.placement.concurrency.ConcurrencyLimiter.Permit;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Slots leased in batches ({@link SlotBudget}) by two placement instances sharing real PostgreSQL,
 * with {@code exact-below} 0 so that even small limits are leased: the limits hold, idle leases
 * come back, a dead instance's leases come back.
 */
class LeasedSlotsIntegrationTests extends ConcurrencyAndAsyncTestSupport {

    static final Duration SHORT_HOLD = Duration.ofMillis(300);
    static final Duration NO_TRIM = Duration.ofMinutes(10);

    @Autowired
    ConcurrencyProperties properties;

    @Autowired
    DataSource dataSource;

    final List<PostgresConcurrencyLimiter> started = new ArrayList<>();

    String tenant;

    @BeforeEach
    void newTenant() {
        tenant = unique("lease");
    }

    @AfterEach
    void stopInstances() {
        started.forEach(PostgresConcurrencyLimiter::close);
    }

    PostgresConcurrencyLimiter leasing(String name, Duration hold) {
        var p = properties;
        var leasingProperties = new ConcurrencyProperties(
                p.accountLimit(),
                p.tenantLimits(),
                "",
                p.heartbeatInterval(),
                p.heartbeatTimeout(),
                p.retryAfter(),
                8,
                hold,
                0);
        var instance = new PostgresConcurrencyLimiter(unique(name), leasingProperties, dataSource);
        instance.start();
        started.add(instance);
        return instance;
    }

    @Test
    void reservedConcurrencyHoldsForConcurrentCallersOnTwoLeasingInstances() throws Exception {
        var a = leasing("a", SHORT_HOLD);
        var b = leasing("b", SHORT_HOLD);
        registerFunction(tenant, "capped", 5);
        var arn = arnOf(tenant, "capped");
        var run = ConcurrentCallers.run(a, b, tenant, arn, 5, () -> (int) leasedRows(tenant));
        assertThat(run.mostInFlight()).isBetween(1, 5);
        assertThat(run.mostCounted())
                .as("what PostgreSQL counts never passes the limit")
                .isBetween(1, 5);
        assertThat(run.throttled()).isPositive();
        assertThat(run.admitted() + run.throttled()).isEqualTo(160);
        awaitLeased(tenant, 0, Duration.ofSeconds(5));
    }

    @Test
    void aSequentialCallerKeepsItsOneSlotBetweenCallsAndGivesItBackAfterTheHold() throws Exception {
        var a = leasing("a", Duration.ofSeconds(2));
        registerFunction(tenant, "steady", null);
        var arn = arnOf(tenant, "steady");
        for (int i = 0; i < 20; i++) {
            a.acquire(tenant, arn, null).close();
        }
        assertThat(leasedRows(tenant)).as("one slot, kept for the next call").isEqualTo(1);
        awaitLeased(tenant, 0, Duration.ofSeconds(10));
    }

    @Test
    void slotsAnInstanceLeasedAndNoLongerUsesReachTheOtherInstanceWithinTheHold() throws Exception {
        var a = leasing("a", SHORT_HOLD);
        var b = leasing("b", SHORT_HOLD);
        registerFunction(tenant, "moving", 4);
        var arn = arnOf(tenant, "moving");
        takeAllAndRelease(a, b, arn, 4);
        List<Permit> held = new ArrayList<>();
        long t0 = System.nanoTime();
        while (held.size() < 4) {
            try {
                held.add(b.acquire(tenant, arn, 4));
            } catch (TooManyRequestsException e) {
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                Thread.sleep(50);
            }
        }
        assertThatThrownBy(() -> a.acquire(tenant, arn, 4)).isInstanceOf(TooManyRequestsException.class);
        held.forEach(Permit::close);
    }

    @Test
    void aRefusedCallTakesBackItsOwnInstancesIdleLeasesOfTheTenant() {
        var a = leasing("a", NO_TRIM);
        // The account limit of this tenant is 4 (ConcurrencyAndAsyncTestSupport); no reservations.
        var limited = LIMITED_TENANT;
        registerFunction(limited, "first", null);
        registerFunction(limited, "second", null);
        var first = arnOf(limited, "first");
        var second = arnOf(limited, "second");
        List<Permit> held = new ArrayList<>();
        try {
            held.add(a.acquire(limited, first, null));
            held.add(a.acquire(limited, first, null));
            held.add(a.acquire(limited, second, null));
            held.add(a.acquire(limited, second, null));
            held.forEach(Permit::close); // all four stay leased: two for each function
            held.clear();
            for (int i = 0; i < 3; i++) {
                held.add(a.acquire(limited, second, null)); // the third takes back the first's leases
            }
            assertThat(leasedRowsOf(first)).isZero();
            held.add(a.acquire(limited, second, null));
            assertThatThrownBy(() -> a.acquire(limited, first, null)).isInstanceOf(TooManyRequestsException.class);
        } finally {
            held.forEach(Permit::close);
        }
    }

    @Test
    void leasedSlotsOfAnInstanceThatDiesComeBackAfterTheHeartbeatTimeout() throws Exception {
        var dying = leasing("dying", NO_TRIM);
        var survivor = leasing("survivor", NO_TRIM);
        registerFunction(tenant, "orphaned", 3);
        var arn = arnOf(tenant, "orphaned");
        takeAllAndRelease(dying, survivor, arn, 3); // leased, unused
        dying.abandon(); // killed: no heartbeat, no trim
        assertThatThrownBy(() -> survivor.acquire(tenant, arn, 3)).isInstanceOf(TooManyRequestsException.class);
        long killedAt = System.nanoTime();
        Permit permit = null;
        while (permit == null) {
            try {
                permit = survivor.acquire(tenant, arn, 3);
            } catch (TooManyRequestsException e) {
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(10));
                Thread.sleep(100);
            }
        }
        permit.close();
    }

    /** {@code holder} takes every slot of the function, {@code other} is refused, then the calls end. */
    private void takeAllAndRelease(
            PostgresConcurrencyLimiter holder, PostgresConcurrencyLimiter other, String arn, int reserved) {
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < reserved; i++) {
            held.add(holder.acquire(tenant, arn, reserved));
        }
        assertThatThrownBy(() -> other.acquire(tenant, arn, reserved)).isInstanceOf(TooManyRequestsException.class);
        held.forEach(Permit::close);
    }

    private void awaitLeased(String tenant, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (leasedRows(tenant) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leasedRows(tenant)).isEqualTo(expected);
    }

    private long leasedRows(String tenant) {
        return jdbc.sql("SELECT coalesce(sum(in_flight), 0) FROM concurrency_leases WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private long leasedRowsOf(String functionArn) {
        return jdbc.sql("SELECT coalesce(sum(in_flight), 0) FROM concurrency_leases WHERE function_arn = ?")
                .param(functionArn)
                .query(Long.class)
                .single();
    }
}
