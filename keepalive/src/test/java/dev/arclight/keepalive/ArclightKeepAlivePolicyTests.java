package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArclightKeepAlivePolicyTests {

    private final MutableClock clock = new MutableClock();
    private final ArclightKeepAlivePolicy policy = new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT);

    private static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    private void invokeEvery(ArclightKeepAlivePolicy on, String function, int times, long idleMinutes) {
        on.invoked(function);
        for (int i = 0; i < times; i++) {
            clock.advanceMinutes(idleMinutes);
            on.invoked(function);
        }
    }

    @Test
    void theThresholdIsTheShrunkFractionOverTheWorthOfAColdStart() {
        assertThat(ArclightKeepAlivePolicy.THETA).isEqualTo(ShrunkMemory.FRACTION / 60);
    }

    @Test
    void aNewFunctionFollowsTheScaleFreeSeedForAWhileThenIsUnloaded() {
        Schedule schedule = policy.schedule("new");
        assertThat(schedule.isLoadedAt(min(1))).isTrue();
        assertThat(schedule.isLoadedAt(min(20))).isTrue();
        assertThat(schedule.isLoadedAt(min(239))).isFalse();
    }

    @Test
    void aTimerThatKeepsItsPeriodIsLoadedInItsMinuteOnly() {
        invokeEvery(policy, "timer", 30, 15);
        Schedule schedule = policy.schedule("timer");
        assertThat(schedule.isLoadedAt(min(5))).isFalse();
        assertThat(schedule.isLoadedAt(min(14))).isFalse();
        assertThat(schedule.isLoadedAt(min(15))).isTrue();
        assertThat(schedule.preWarm()).isEqualTo(min(15));
    }

    @Test
    void aTimerWhosePeriodWandersIsPreWarmedAheadOfIt() {
        policy.invoked("timer");
        for (int i = 0; i < 30; i++) {
            clock.advanceMinutes(i % 2 == 0 ? 14 : 16);
            policy.invoked("timer");
        }
        Schedule schedule = policy.schedule("timer");
        assertThat(schedule.isLoadedAt(min(5))).isFalse();
        assertThat(schedule.isLoadedAt(min(14))).isTrue();
        assertThat(schedule.isLoadedAt(min(16))).isTrue();
        // Spread by twice its wander (2/16 of the period), not by the 40% of a function with few idle times.
        assertThat(schedule.preWarm()).isBetween(min(11), min(13));
    }

    @Test
    void aTimerIsSpreadAsUsualUntilItsLastIdleTimesShowItKeepsTime() {
        invokeEvery(policy, "young", 5, 15);
        Schedule schedule = policy.schedule("young");
        assertThat(schedule.isLoadedAt(min(15))).isTrue();
        assertThat(schedule.isLoadedAt(min(12))).isTrue();
    }

    @Test
    void aFunctionCalledEveryMinuteStaysLoaded() {
        invokeEvery(policy, "busy", 200, 1);
        Schedule schedule = policy.schedule("busy");
        assertThat(schedule.preWarm()).isZero();
        assertThat(schedule.isLoadedAt(min(1))).isTrue();
    }

    @Test
    void anIdleTimeSeenOnceMakesItsNeighboursLikelyToo() {
        invokeEvery(policy, "f", 1, 30);
        clock.advanceMinutes(1);
        policy.invoked("f");
        Schedule schedule = policy.schedule("f");
        assertThat(schedule.isLoadedAt(min(27))).isTrue();
        assertThat(schedule.isLoadedAt(min(33))).isTrue();
    }

    private static long loadedMinutes(Schedule schedule) {
        long n = 0;
        for (int m = 0; m < IdleTimeHistogram.BINS; m++) {
            n += schedule.isLoadedAt(min(m)) ? 1 : 0;
        }
        return n;
    }

    /** Feeds both policies the same mixed idle times; the first keeps a strict subset of the second's minutes. */
    private void assertKeepsFewerMinutes(ArclightKeepAlivePolicy fewer, ArclightKeepAlivePolicy more) {
        for (long idle : new long[] {3, 40, 7, 90, 12, 25, 60, 5}) {
            fewer.invoked("f");
            more.invoked("f");
            clock.advanceMinutes(idle);
        }
        Schedule fewerSchedule = fewer.schedule("f");
        Schedule moreSchedule = more.schedule("f");
        assertThat(loadedMinutes(fewerSchedule)).isLessThan(loadedMinutes(moreSchedule));
        for (int m = 0; m < IdleTimeHistogram.BINS; m++) {
            if (fewerSchedule.isLoadedAt(min(m))) {
                assertThat(moreSchedule.isLoadedAt(min(m))).as("minute %d", m).isTrue();
            }
        }
    }

    @Test
    void aBiggerFunctionIsKeptForFewerMinutesThanASmallOneWithTheSameHistory() {
        assertKeepsFewerMinutes(
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 1024),
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 128));
    }

    @Test
    void withoutAMemoryEveryFunctionIsPricedAtTheReferenceSize() {
        var priced =
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> ArclightKeepAlivePolicy.REFERENCE_MB);
        for (int i = 0; i < 5; i++) {
            policy.invoked("f");
            priced.invoked("f");
            clock.advanceMinutes(20);
        }
        assertThat(priced.schedule("f")).isEqualTo(policy.schedule("f"));
        assertThat(priced.schedule("new")).isEqualTo(policy.schedule("new"));
    }

    @Test
    void aDearerColdStartKeepsEveryMinuteACheaperOneKeepsAndMore() {
        assertKeepsFewerMinutes(
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 128, HistoryRetention.DEFAULT, 15),
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 128, HistoryRetention.DEFAULT, 240));
    }

    @Test
    void theDefaultPriceIsSixtyMinutes() {
        var sixty = new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 128, HistoryRetention.DEFAULT, 60);
        for (long idle : new long[] {20, 3, 45, 20, 8}) {
            policy.invoked("f");
            sixty.invoked("f");
            clock.advanceMinutes(idle);
        }
        assertThat(sixty.schedule("f")).isEqualTo(policy.schedule("f"));
    }

    @Test
    void aColdStartPriceMustBePositiveAndFinite() {
        for (double price : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ArclightKeepAlivePolicy(
                            clock, KeepAliveBounds.DEFAULT, f -> 128, HistoryRetention.DEFAULT, price))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("coldStartWorthMinutes");
        }
    }

    @Test
    void theSpreadOfABinIsTheLargestCountWithinFortyPercentOfIt() {
        var histogram = new IdleTimeHistogram(0);
        for (int i = 0; i < 3; i++) {
            histogram.record(min(30));
        }
        histogram.record(min(100));
        histogram.record(min(2));
        int[] spread = histogram.spreadCounts(ArclightKeepAlivePolicy.SPREAD);
        for (int b = 0; b < IdleTimeHistogram.BINS; b++) {
            int radius = Math.max(1, (int) (0.4 * b));
            int expected = 0;
            for (int k = Math.max(0, b - radius); k <= Math.min(IdleTimeHistogram.BINS - 1, b + radius); k++) {
                expected = Math.max(expected, histogram.count(k));
            }
            assertThat(spread[b]).as("bin %d", b).isEqualTo(expected);
        }
        assertThat(spread[1]).isEqualTo(1);
        assertThat(spread[18]).isZero();
        assertThat(spread[22]).isEqualTo(3);
        assertThat(spread[50]).isEqualTo(3);
        assertThat(spread[51]).isZero();
        assertThat(spread[72]).isEqualTo(1);
    }

    @Test
    void inABurstTheScheduleFollowsWhatFollowedEarlierBursts() {
        // Calls in pairs a minute apart, 40 minutes between pairs: after the pair's second call the
        // next idle time was always 40, after the 40 it was always 1. A 2 GB function, so that a
        // minute is kept only at a hazard above 17%.
        var policy = new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 2048);
        policy.invoked("pairs");
        for (int i = 0; i < 20; i++) {
            clock.advanceMinutes(1);
            policy.invoked("pairs");
            clock.advanceMinutes(40);
            policy.invoked("pairs");
        }
        Schedule afterTheGap = policy.schedule("pairs");
        assertThat(afterTheGap.isLoadedAt(min(1))).isTrue();
        clock.advanceMinutes(1);
        policy.invoked("pairs");
        Schedule inTheBurst = policy.schedule("pairs");
        assertThat(inTheBurst.isLoadedAt(min(1))).isFalse();
        assertThat(inTheBurst.isLoadedAt(min(40))).isTrue();
        assertThat(inTheBurst.preWarm()).isGreaterThan(min(20));
    }

    @Test
    void beyondTheBurstHistogramsHourTheFunctionsOwnHazardsStand() {
        // After a 1-minute idle time always 100 minutes: the burst histogram only says "60 or more".
        var policy = new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, f -> 2048);
        policy.invoked("f");
        for (int i = 0; i < 10; i++) {
            for (long idle : new long[] {1, 100}) {
                clock.advanceMinutes(idle);
                policy.invoked("f");
            }
        }
        clock.advanceMinutes(1);
        policy.invoked("f");
        Schedule inTheBurst = policy.schedule("f");
        assertThat(inTheBurst.isLoadedAt(min(100))).isTrue();
        assertThat(inTheBurst.isLoadedAt(min(1))).isFalse();
    }

    @Test
    void staysWithinTheConfiguredBounds() {
        var bounded = new ArclightKeepAlivePolicy(clock, new KeepAliveBounds(min(5), min(20)));
        invokeEvery(bounded, "timer", 30, 60);
        Schedule schedule = bounded.schedule("timer");
        assertThat(schedule.isLoadedAt(min(5))).isTrue();
        assertThat(schedule.isLoadedAt(min(60))).isFalse();
        assertThat(schedule.end()).isLessThanOrEqualTo(min(20));
    }

    @Test
    void theLearntSchedulesSurviveARestart() throws IOException {
        invokeEvery(policy, "timer", 30, 15);
        invokeEvery(policy, "busy", 50, 1);
        var state = new ByteArrayOutputStream();
        policy.writeState(state);
        var restarted = new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT);
        restarted.readState(new ByteArrayInputStream(state.toByteArray()));
        assertThat(restarted.schedule("timer")).isEqualTo(policy.schedule("timer"));
        assertThat(restarted.schedule("busy")).isEqualTo(policy.schedule("busy"));
        assertThat(restarted.schedule("new")).isEqualTo(policy.schedule("new"));
        assertThat(restarted.histories().of("timer").lastInvocation())
                .isEqualTo(policy.histories().of("timer").lastInvocation());
    }

    @Test
    void aBrokenStateIsRejectedAndLeavesThePolicyAsItWas() throws IOException {
        invokeEvery(policy, "timer", 30, 15);
        Schedule before = policy.schedule("timer");
        assertThatThrownBy(() -> policy.readState(new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(IOException.class);
        assertThat(policy.schedule("timer")).isEqualTo(before);
    }
}
