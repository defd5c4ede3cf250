package dev.arclight.simulator;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.HybridHistogramPolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.keepalive.KeepAlivePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The policies of one run, in the order they are reported, and the fixed windows of the plot. The
 * baselines are charged as they run where they were published (idle memory in full); {@code
 * arclight} as it runs on Arclight (reclaim shrinks idle VMs); the {@code +reclaim} rows charge two
 * baselines the same way as ours, so that what the policy adds over reclaim alone stays visible.
 */
public final class Simulation {

    /** The fixed keep-alive windows of the plot's curve, in minutes. */
    public static final int[] CURVE_MINUTES = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240};

    /** One row of a run: a fresh policy per run, how its idle memory is charged, its row name. */
    public record Simulated(String name, Function<Clock, KeepAlivePolicy> policy, IdleMemory idleMemory) {}

    private Simulation() {}

    /** {@code arclight} is told each function's memory, as placement knows a function's configured memory. */
    public static List<Simulated> reported(Trace trace) {
        Map<String, Double> memory = new HashMap<>();
        for (FunctionTrace function : trace.functions()) {
            memory.put(function.id(), function.memoryMb());
        }
        ToDoubleFunction<String> memoryOf = id -> memory.getOrDefault(id, 128.0);
        return List.of(
                new Simulated(
                        "arclight",
                        clock -> new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, memoryOf),
                        IdleMemory.RECLAIM),
                new Simulated("fixed-10", clock -> FixedKeepAlivePolicy.minutes(10), IdleMemory.FULL),
                new Simulated("hybrid", HybridHistogramPolicy::new, IdleMemory.FULL),
                new Simulated("no-keepalive", clock -> FixedKeepAlivePolicy.minutes(0), IdleMemory.FULL),
                new Simulated("hybrid+reclaim", HybridHistogramPolicy::new, IdleMemory.RECLAIM),
                new Simulated("fixed-10+reclaim", clock -> FixedKeepAlivePolicy.minutes(10), IdleMemory.RECLAIM));
    }

    /** Fixed keep-alive of {@link #CURVE_MINUTES}, charged by {@code idleMemory}. */
    public static List<Simulated> curve(IdleMemory idleMemory) {
        List<Simulated> curve = new ArrayList<>();
        for (int minutes : CURVE_MINUTES) {
            String suffix = idleMemory == IdleMemory.RECLAIM ? "+reclaim" : "";
            curve.add(new Simulated(
                    "fixed-" + minutes + suffix, clock -> FixedKeepAlivePolicy.minutes(minutes), idleMemory));
        }
        return curve;
    }

    public static List<PolicyResult> run(Trace trace, List<Simulated> policies, Consumer<String> progress) {
        Replay replay = new Replay(trace);
        List<PolicyResult> results = new ArrayList<>();
        for (Simulated policy : policies) {
            long start = System.nanoTime();
            PolicyResult result = replay.run(policy.policy(), policy.idleMemory(), policy.name());
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
