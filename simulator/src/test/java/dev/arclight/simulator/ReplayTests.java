package dev.arclight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.KeepAlivePolicy;
import dev.arclight.keepalive.Schedule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers worked out by hand; 322/512 = 0.62890625 is the shrunk fraction (ShrunkMemory). */
class ReplayTests {

    private static final double SHRUNK = 322.0 / 512.0;

    // a: 100 MB, invoked in minutes 0 (twice), 3 and 15; b: 50 MB, invoked in minute 5; 20 minutes.
    private final Trace trace = new Trace(
            "hand",
            20,
            List.of(
                    new FunctionTrace("a", 100, new int[] {0, 3, 15}, new int[] {2, 1, 1}),
                    new FunctionTrace("b", 50, new int[] {5}, new int[] {1})));

    @Test
    void fixedTenMinutesHoldsIdleInstancesInFullAsPublished() {
        PolicyResult result = new Replay(trace).run(clock -> FixedKeepAlivePolicy.minutes(10));
        // a: minute 0 cold (never loaded), 3 warm (3 <= 10), 15 cold (12 > 10): 2 of 4; b: 1 of 1.
        assertThat(result.coldStarts()).isEqualTo(3);
        assertThat(result.invocations()).isEqualTo(5);
        assertThat(result.coldStartPercent()).isEqualTo(60.0);
        // Per function 50% and 100%: the 75th percentile by nearest rank is the second, 100%.
        assertThat(result.p75ColdStartPercent()).isEqualTo(100.0);
        // a idle in 1, 2 (after 0), 4..13 (after 3), 16..19 (after 15): 16 minutes of 100 MB.
        // b idle in 6..15: 10 minutes of 50 MB. No reclaim: every idle minute in full.
        assertThat(result.wastedMemoryTime()).isCloseTo(16 * 100 + 10 * 50, within(1e-9));
        // Minute 15: a busy (100) and b idle (50): 150, the most of any minute.
        assertThat(result.peakMemoryMib()).isEqualTo(150);
    }

    @Test
    void withReclaimAnIdleInstanceIsShrunkAfterItsFirstIdleMinute() {
        PolicyResult result = new Replay(trace)
                .run(clock -> FixedKeepAlivePolicy.minutes(10), IdleMemory.RECLAIM, "fixed-10+reclaim");
        assertThat(result.name()).isEqualTo("fixed-10+reclaim");
        assertThat(result.coldStarts()).isEqualTo(3);
        // The same idle stretches, each full for its first minute and shrunk after.
        double a = (100 + 100 * SHRUNK) + (100 + 9 * 100 * SHRUNK) + (100 + 3 * 100 * SHRUNK);
        double b = 50 + 9 * 50 * SHRUNK;
        assertThat(result.wastedMemoryTime()).isCloseTo(a + b, within(1e-9));
        // Minute 15: a busy (100) and b shrunk (50 * 0.629): 131.45, the most of any minute.
        assertThat(result.peakMemoryMib()).isEqualTo(131);
    }

    @Test
    void theReportedRowsChargeBaselinesInFullAndArclightAndThePlusReclaimRowsShrunk() {
        var rows = Simulation.reported(trace);
        assertThat(rows)
                .extracting(Simulation.Simulated::name)
                .containsExactly(
                        "arclight", "fixed-10", "hybrid", "no-keepalive", "hybrid+reclaim", "fixed-10+reclaim");
        assertThat(rows)
                .extracting(Simulation.Simulated::idleMemory)
                .containsExactly(
                        IdleMemory.RECLAIM,
                        IdleMemory.FULL,
                        IdleMemory.FULL,
                        IdleMemory.FULL,
                        IdleMemory.RECLAIM,
                        IdleMemory.RECLAIM);
        List<PolicyResult> results = Simulation.run(trace, rows, p -> {});
        // Same decisions, cheaper idle minutes: +reclaim rows have the cold starts of their baseline.
        assertThat(results.get(4).coldStarts()).isEqualTo(results.get(2).coldStarts());
        assertThat(results.get(5).coldStarts()).isEqualTo(results.get(1).coldStarts());
        assertThat(results.get(5).wastedMemoryTime()).isLessThan(results.get(1).wastedMemoryTime());
    }

    @Test
    void noKeepAliveWastesNothingAndEveryInvocationMinuteIsCold() {
        PolicyResult result = new Replay(trace).run(clock -> FixedKeepAlivePolicy.minutes(0));
        assertThat(result.coldStarts()).isEqualTo(4);
        assertThat(result.coldStartPercent()).isEqualTo(80.0);
        assertThat(result.p75ColdStartPercent()).isEqualTo(100.0);
        assertThat(result.wastedMemoryTime()).isZero();
        assertThat(result.peakMemoryMib()).isEqualTo(100);
    }

    @Test
    void aPreWarmedInstanceIsWarmAtItsMinuteAndStartsAFreshIdleStretch() {
        var trace = new Trace("prewarm", 10, List.of(new FunctionTrace("a", 100, new int[] {0, 3}, new int[] {1, 1})));
        KeepAlivePolicy preWarm = new KeepAlivePolicy() {
            @Override
            public String name() {
                return "prewarm-3";
            }

            @Override
            public void invoked(String function) {}

            @Override
            public Schedule schedule(String function) {
                return Schedule.preWarm(Duration.ofMinutes(3), Duration.ofMinutes(1));
            }
        };
        PolicyResult result = new Replay(trace).run(clock -> preWarm);
        // After 0: loaded in 3 and 4, minute 3 is the invocation (warm). After 3: loaded in 6 and 7.
        assertThat(result.coldStarts()).isEqualTo(1);
        assertThat(result.wastedMemoryTime()).isCloseTo(100 + 100, within(1e-9));
        PolicyResult reclaimed = new Replay(trace).run(clock -> preWarm, IdleMemory.RECLAIM, null);
        assertThat(reclaimed.name()).isEqualTo("prewarm-3");
        assertThat(reclaimed.wastedMemoryTime()).isCloseTo(100 + 100 * SHRUNK, within(1e-9));
    }

    @Test
    void subsetsAndWindowsKeepWhatTheySay() {
        assertThat(trace.subset("-even", i -> i % 2 == 0).functions())
                .extracting(FunctionTrace::id)
                .containsExactly("a");
        Trace late = trace.window("-late", 4, 20);
        assertThat(late.minutes()).isEqualTo(16);
        assertThat(late.functions()).hasSize(2);
        assertThat(late.functions().getFirst().minutes()).containsExactly(11);
        assertThat(late.invocations()).isEqualTo(2);
    }
}
