package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HybridHistogramPolicyTests {

    private final MutableClock clock = new MutableClock();
    private final HybridHistogramPolicy policy = new HybridHistogramPolicy(clock);

    private void invokeEvery(String function, long... idleMinutes) {
        policy.invoked(function);
        for (long idle : idleMinutes) {
            clock.advanceMinutes(idle);
            policy.invoked(function);
        }
    }

    @Test
    void aFunctionWithoutIdleTimesGetsTheWholeRangeWithoutPreWarm() {
        assertThat(policy.schedule("new")).isEqualTo(Schedule.keepAlive(Duration.ofHours(4)));
        policy.invoked("once");
        assertThat(policy.schedule("once")).isEqualTo(Schedule.keepAlive(Duration.ofHours(4)));
    }

    @Test
    void aTimerPreWarmsAtTheHeadLessTenPercentAndKeepsUntilTheTailPlusTenPercent() {
        invokeEvery("timer", 60, 60, 60);
        Schedule schedule = policy.schedule("timer");
        // head bin 60 * 0.9 = 54 minutes; tail bin 60 ends at 61 minutes, * 1.1 = 67.1 minutes.
        assertThat(schedule.preWarm()).isEqualTo(Duration.ofMinutes(54));
        assertThat(schedule.end()).isEqualTo(Duration.ofSeconds(4026));
        assertThat(schedule.isLoadedAt(Duration.ofMinutes(10))).isFalse();
        assertThat(schedule.isLoadedAt(Duration.ofMinutes(60))).isTrue();
    }

    @Test
    void aHeadInTheFirstMinuteKeepsTheInstanceLoadedFromTheInvocation() {
        invokeEvery("busy", 0, 0, 0, 0, 5);
        Schedule schedule = policy.schedule("busy");
        assertThat(schedule.preWarm()).isZero();
        assertThat(schedule.end()).isEqualTo(Duration.ofSeconds(396)); // (5 + 1) * 1.1 minutes
    }

    @Test
    void spreadIdleTimesAreNotRepresentativeAndFallBackToTheWholeRange() {
        long[] spread = new long[60];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = 1 + 4L * i;
        }
        invokeEvery("spread", spread);
        assertThat(policy.histories().of("spread").histogram().coefficientOfVariation())
                .isLessThan(HybridHistogramPolicy.CV_THRESHOLD);
        assertThat(policy.schedule("spread")).isEqualTo(Schedule.keepAlive(Duration.ofHours(4)));
    }

    @Test
    void mostlyOutOfBoundIdleTimesPreWarmAroundTheirForecast() {
        invokeEvery("daily", 600, 600, 30);
        // Two of three idle times are beyond 4 h: forecast is the mean, (600 + 600 + 30) / 3 = 410.
        Schedule schedule = policy.schedule("daily");
        assertThat(schedule.preWarm()).isEqualTo(Duration.ofMillis(Math.round(410 * 0.85 * 60_000)));
        assertThat(schedule.end())
                .isEqualTo(Duration.ofMillis(Math.round(410 * 0.85 * 60_000) + Math.round(410 * 0.3 * 60_000)));
    }

    @Test
    void learnsPerFunction() {
        invokeEvery("timer", 30, 30);
        assertThat(policy.schedule("other")).isEqualTo(Schedule.keepAlive(Duration.ofHours(4)));
        assertThat(policy.schedule("timer").preWarm()).isEqualTo(Duration.ofMinutes(27));
    }
}
