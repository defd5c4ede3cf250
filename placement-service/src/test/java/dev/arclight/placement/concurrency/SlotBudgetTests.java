package dev.arclight.placement.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotBudgetTests {

    static final Duration HOLD = Duration.ofSeconds(1);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T05:00:00Z"));
    final SlotBudget budget = new SlotBudget(clock, HOLD);

    @Test
    void shouldAskPostgresWhenNothingIsLeased() {
        assertThat(budget.take()).isFalse();
        assertThat(budget.wanted(16)).isEqualTo(1);
    }

    @Test
    void shouldServeTheNextSequentialCallFromTheSlotTheLastOneGaveBack() {
        budget.granted(1, false);
        assertThat(budget.release()).isZero();
        assertThat(budget.take()).isTrue();
        assertThat(budget.leased()).isEqualTo(1);
        assertThat(budget.inFlight()).isEqualTo(1);
    }

    @Test
    void shouldDoubleTheLeaseWhileCallersArriveUpToTheBatch() {
        budget.granted(budget.wanted(16), false); // 1 in flight, 1 leased
        assertThat(budget.take()).isFalse();
        assertThat(budget.wanted(16)).isEqualTo(2);
        budget.granted(2, false); // 2 in flight, 3 leased
        assertThat(budget.take()).isTrue(); // 3 in flight
        assertThat(budget.wanted(16)).isEqualTo(4);
        assertThat(budget.wanted(3)).isEqualTo(3);
        budget.granted(20, false); // 4 in flight
        for (int i = 0; i < 19; i++) {
            assertThat(budget.take()).isTrue();
        }
        assertThat(budget.take()).isFalse();
        assertThat(budget.wanted(16)).isEqualTo(16);
        assertThat(budget.wanted(1)).isEqualTo(1);
    }

    @Test
    void shouldGiveEveryUnheldSlotBackAtOnceOnAnExactLease() {
        budget.granted(1, true);
        assertThat(budget.take()).isFalse();
        budget.granted(1, true);
        assertThat(budget.release()).isEqualTo(1);
        assertThat(budget.leased()).isEqualTo(1);
        assertThat(budget.release()).isEqualTo(1);
        assertThat(budget.empty()).isTrue();
    }

    @Test
    void shouldKeepWhatWasUsedWithinTheHoldAndReturnTheRestAfterIt() {
        budget.granted(8, false); // a burst leased 8
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take()).isTrue();
        }
        // 4 in flight at the peak; 1 left
        for (int i = 0; i < 3; i++) {
            budget.release();
        }
        clock.advance(HOLD.minusMillis(1));
        assertThat(budget.trim()).as("the hold has not passed").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.trim()).as("above the peak of 4").isEqualTo(4);
        assertThat(budget.leased()).isEqualTo(4);
        clock.advance(HOLD);
        assertThat(budget.trim())
                .as("the next window's peak was the 1 in flight")
                .isEqualTo(3);
        budget.release();
        clock.advance(HOLD);
        assertThat(budget.trim())
                .as("the call that ended within the window counted")
                .isZero();
        clock.advance(HOLD);
        assertThat(budget.trim()).isEqualTo(1);
        assertThat(budget.empty()).isTrue();
    }

    @Test
    void shouldKeepTheLeaseOfAFunctionWhoseConcurrencyStays() {
        budget.granted(2, false);
        budget.take();
        for (int window = 0; window < 5; window++) {
            budget.release();
            budget.release();
            budget.take();
            budget.take();
            clock.advance(HOLD);
            assertThat(budget.trim()).isZero();
        }
        assertThat(budget.leased()).isEqualTo(2);
    }

    @Test
    void shouldSurrenderOnlyWhatNoCallHolds() {
        budget.granted(5, false);
        budget.take();
        assertThat(budget.surrender()).isEqualTo(3);
        assertThat(budget.leased()).isEqualTo(2);
        assertThat(budget.inFlight()).isEqualTo(2);
        assertThat(budget.take()).isFalse();
    }

    @Test
    void shouldTakeBackSlotsPostgresDidNotTake() {
        budget.granted(3, false);
        budget.release();
        assertThat(budget.surrender()).isEqualTo(3);
        budget.notReturned(3);
        assertThat(budget.leased()).isEqualTo(3);
        assertThat(budget.take()).isTrue();
    }

    @Test
    void shouldCountOnlyHeldSlotsAfterPostgresLostTheRows() {
        budget.granted(6, false);
        budget.take();
        assertThat(budget.reset()).isEqualTo(2);
        assertThat(budget.leased()).isEqualTo(2);
        assertThat(budget.take()).isFalse();
    }

    @Test
    void shouldRefuseNonsense() {
        assertThatThrownBy(budget::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> budget.granted(0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
