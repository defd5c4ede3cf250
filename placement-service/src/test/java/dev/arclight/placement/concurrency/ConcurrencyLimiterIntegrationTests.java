package dev.arclight.placement.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import dev.arclight.placement.concurrency.ConcurrencyLimiter.Permit;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The limiter against real PostgreSQL, as two placement instances sharing it. */
class ConcurrencyLimiterIntegrationTests extends ConcurrencyAndAsyncTestSupport {

    @Autowired
    PostgresConcurrencyLimiter limiter;

    @Autowired
    ConcurrencyProperties properties;

    @Autowired
    DataSource dataSource;

    /** A second placement instance: its own id, the same database. */
    PostgresConcurrencyLimiter other;

    String tenant;

    @BeforeEach
    void startSecondInstance() {
        other = new PostgresConcurrencyLimiter(unique("other"), properties, dataSource);
        other.start();
        tenant = unique("t");
    }

    @AfterEach
    void stopSecondInstance() {
        other.close();
    }

    @Test
    void reservedConcurrencyHoldsForConcurrentCallersOnTwoInstances() throws Exception {
        registerFunction(tenant, "capped", 5);
        var arn = arnOf(tenant, "capped");
        var run = ConcurrentCallers.run(limiter, other, tenant, arn, 5, () -> 0);
        assertThat(run.mostInFlight()).isBetween(1, 5);
        assertThat(run.throttled()).isPositive();
        assertThat(run.admitted() + run.throttled()).isEqualTo(160);
        assertThat(inFlightRows(tenant)).isZero();
    }

    @Test
    void secondInstanceSeesTheSlotsTheFirstHolds() {
        registerFunction(tenant, "pair", 2);
        var arn = arnOf(tenant, "pair");
        try (var first = limiter.acquire(tenant, arn, 2);
                var second = other.acquire(tenant, arn, 2)) {
            assertThatThrownBy(() -> other.acquire(tenant, arn, 2)).isInstanceOf(TooManyRequestsException.class);
            assertThatThrownBy(() -> limiter.acquire(tenant, arn, 2)).isInstanceOf(TooManyRequestsException.class);
        }
        limiter.acquire(tenant, arn, 2).close();
    }

    @Test
    void reservedConcurrencyOfZeroThrottlesEveryCall() {
        registerFunction(tenant, "off", 0);
        assertThatThrownBy(() -> limiter.acquire(tenant, arnOf(tenant, "off"), 0))
                .isInstanceOfSatisfying(
                        TooManyRequestsException.class,
                        e -> assertThat(e.reason())
                                .isEqualTo(Reason.ReservedFunctionConcurrentInvocationLimitExceeded));
    }

    @Test
    void unreservedFunctionsShareWhatReservationsLeaveOfTheAccountLimit() {
        // The account limit of this tenant is 4 (see ConcurrencyAndAsyncTestSupport); one slot is reserved.
        var tenant = LIMITED_TENANT;
        registerFunction(tenant, "reserved-one", 1);
        registerFunction(tenant, "a", null);
        registerFunction(tenant, "b", null);
        var a = arnOf(tenant, "a");
        var b = arnOf(tenant, "b");
        List<Permit> held = new ArrayList<>();
        try {
            held.add(limiter.acquire(tenant, a, null));
            held.add(other.acquire(tenant, b, null));
            held.add(limiter.acquire(tenant, b, null));
            assertThatThrownBy(() -> other.acquire(tenant, a, null))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.ConcurrentInvocationLimitExceeded);
                        assertThat(e.retryAfterSeconds()).isEqualTo(1);
                    });
            // The reservation is kept for its function even though the account is otherwise full.
            held.add(other.acquire(tenant, arnOf(tenant, "reserved-one"), 1));
            held.removeFirst().close();
            held.add(other.acquire(tenant, a, null));
        } finally {
            held.forEach(Permit::close);
        }
        assertThat(inFlightRows(tenant)).isZero();
    }

    @Test
    void otherTenantsAreNotLimitedByOneTenantsUse() {
        registerFunction(LIMITED_TENANT, "busy", null);
        registerFunction(tenant, "free", null);
        List<Permit> held = new ArrayList<>();
        try {
            var busy = arnOf(LIMITED_TENANT, "busy");
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 5; i++) {
                            held.add(limiter.acquire(LIMITED_TENANT, busy, null));
                        }
                    })
                    .isInstanceOf(TooManyRequestsException.class);
            limiter.acquire(tenant, arnOf(tenant, "free"), null).close();
        } finally {
            held.forEach(Permit::close);
        }
    }

    @Test
    void closingAPermitTwiceGivesItsSlotBackOnce() {
        registerFunction(tenant, "twice", 2);
        var arn = arnOf(tenant, "twice");
        var first = limiter.acquire(tenant, arn, 2);
        var second = limiter.acquire(tenant, arn, 2);
        first.close();
        first.close();
        var third = limiter.acquire(tenant, arn, 2);
        assertThatThrownBy(() -> limiter.acquire(tenant, arn, 2)).isInstanceOf(TooManyRequestsException.class);
        second.close();
        third.close();
        assertThat(inFlightRows(tenant)).isZero();
    }

    @Test
    void anInstanceStoppedAndStartedAgainCountsAgain() {
        registerFunction(tenant, "restarted", 1);
        var arn = arnOf(tenant, "restarted");
        other.acquire(tenant, arn, 1);
        other.stop(); // gives back every slot it held
        other.start();
        try (var permit = other.acquire(tenant, arn, 1)) {
            assertThatThrownBy(() -> limiter.acquire(tenant, arn, 1)).isInstanceOf(TooManyRequestsException.class);
        }
    }

    @Test
    void slotsOfAnInstanceThatStopsHeartbeatingAreFreedAfterTheTimeout() throws Exception {
        registerFunction(tenant, "orphaned", 2);
        var arn = arnOf(tenant, "orphaned");
        other.acquire(tenant, arn, 2);
        other.acquire(tenant, arn, 2);
        other.abandon(); // killed: no heartbeat, no release
        assertThatThrownBy(() -> limiter.acquire(tenant, arn, 2)).isInstanceOf(TooManyRequestsException.class);

        var killedAt = System.nanoTime();
        Permit permit = null;
        while (permit == null) {
            try {
                permit = limiter.acquire(tenant, arn, 2);
            } catch (TooManyRequestsException e) {
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(10));
                Thread.sleep(100);
            }
        }
        var freedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
        permit.close();
        // Not before the last heartbeat has aged past the timeout (2 s, one interval of 0.3 s early at most).
        assertThat(freedAfter).isGreaterThan(Duration.ofMillis(1_600));
        // The live instance's heartbeat deletes the dead one's rows.
        Thread.sleep(properties.heartbeatInterval().multipliedBy(3).toMillis());
        assertThat(jdbc.sql("SELECT count(*) FROM concurrency_instances WHERE instance_id = ?")
                        .param(other.instanceId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private long inFlightRows(String tenant) {
        return jdbc.sql("SELECT coalesce(sum(in_flight), 0) FROM concurrency_leases WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }
}
