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
    void aTimerIsPreWarmedAroundItsPeriodAndUnloadedBetween() {
        invokeEvery(policy, "timer", 30, 15);
        Schedule schedule = policy.schedule("timer");
        assertThat(schedule.isLoadedAt(min(5))).isFalse();
        assertThat(schedule.isLoadedAt(min(15))).isTrue();
        assertThat(schedule.preWarm()).isGreaterThanOrEqualTo(min(10));
        assertThat(schedule.preWarm()).isLessThan(min(15));
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
