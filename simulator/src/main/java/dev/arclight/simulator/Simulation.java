package dev.arclight.simulator;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.HybridHistogramPolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.keepalive.KeepAlivePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** The policies of one run, in the order they are reported, and the fixed windows of the plot. */
public final class Simulation {

    /** The fixed keep-alive windows of the plot's curve, in minutes. */
    public static final int[] CURVE_MINUTES = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240};

    private Simulation() {}

    public static List<Function<Clock, KeepAlivePolicy>> reported() {
        return List.of(
                clock -> new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT),
                clock -> FixedKeepAlivePolicy.minutes(10),
                HybridHistogramPolicy::new,
                clock -> FixedKeepAlivePolicy.minutes(0));
    }

    public static List<Function<Clock, KeepAlivePolicy>> curve() {
        List<Function<Clock, KeepAlivePolicy>> curve = new ArrayList<>();
        for (int minutes : CURVE_MINUTES) {
            curve.add(clock -> FixedKeepAlivePolicy.minutes(minutes));
        }
        return curve;
    }

    public static List<PolicyResult> run(
            Trace trace, List<Function<Clock, KeepAlivePolicy>> policies, Consumer<String> progress) {
        Replay replay = new Replay(trace);
        List<PolicyResult> results = new ArrayList<>();
        for (var policy : policies) {
            long start = System.nanoTime();
            PolicyResult result = replay.run(policy);
            results.add(result);
            progress.accept(String.format(
                    java.util.Locale.ROOT,
                    "%s done in %.1f s (%d/%d)",
                    result.name(),
                    (System.nanoTime() - start) / 1e9,
                    results.size(),
                    policies.size()));
        }
        return results;
    }
}
