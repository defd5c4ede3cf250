package dev.arclight.simulator;

import dev.arclight.keepalive.KeepAlivePolicy;
import dev.arclight.keepalive.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Replays a trace through one policy in the minute model of Shahrad et al. (ATC'20), minute by
 * minute on a simulated clock.
 *
 * <p>In a minute with invocations of a function, the first is a cold start if the function's
 * instance is not loaded in that minute (by the schedule the policy gave after the function's
 * previous invocation minute), the others are warm; the instance is busy that minute and the
 * policy is told of the invocation. In a minute without invocations, a loaded instance is idle and
 * its memory is wasted, as {@link IdleMemory} says for the run: in full every minute ({@code
 * FULL}, the baselines as published), or in full for the first minute of an idle stretch and at
 * the shrunk fraction from the second on ({@code RECLAIM}, Arclight's platform, where reclaim
 * shrinks a VM idle for 60 s). A pre-warmed instance starts a new idle stretch. Peak memory counts
 * busy instances in full and idle ones as above. One instance per function: the model has no
 * concurrency.
 */
public final class Replay {

    private final Trace trace;

    public Replay(Trace trace) {
        this.trace = trace;
    }

    /** {@code policies} makes a fresh policy on the given clock; idle instances held in full. */
    public PolicyResult run(Function<Clock, KeepAlivePolicy> policies) {
        return run(policies, IdleMemory.FULL, null);
    }

    /** As {@link #run(Function)}, idle memory charged by {@code idleMemory}, reported as {@code name}. */
    public PolicyResult run(Function<Clock, KeepAlivePolicy> policies, IdleMemory idleMemory, String name) {
        MinuteClock clock = new MinuteClock();
        KeepAlivePolicy policy = policies.apply(clock);
        List<FunctionTrace> functions = trace.functions();
        int n = functions.size();
        int[] cursor = new int[n];
        int[] last = new int[n];
        int[] loadedUntil = new int[n];
        int[] idleRun = new int[n];
        Schedule[] schedules = new Schedule[n];
        long[] cold = new long[n];
        Arrays.fill(last, -1);
        double wasted = 0;
        double peak = 0;
        for (int m = 0; m < trace.minutes(); m++) {
            clock.setMinute(m);
            double held = 0;
            for (int f = 0; f < n; f++) {
                FunctionTrace function = functions.get(f);
                double mb = function.memoryMb();
                boolean invoked = cursor[f] < function.minutes().length && function.minutes()[cursor[f]] == m;
                boolean loaded = last[f] >= 0 && m - last[f] <= loadedUntil[f] && isLoaded(schedules[f], m - last[f]);
                if (invoked) {
                    if (!loaded) {
                        cold[f]++;
                    }
                    policy.invoked(function.id());
                    schedules[f] = policy.schedule(function.id());
                    loadedUntil[f] =
                            (int) Math.min(Integer.MAX_VALUE, schedules[f].end().toMinutes() + 1);
                    last[f] = m;
                    idleRun[f] = 0;
                    cursor[f]++;
                    held += mb;
                } else if (loaded) {
                    idleRun[f]++;
                    double cost = idleMemory.cost(mb, idleRun[f]);
                    wasted += cost;
                    held += cost;
                } else {
                    idleRun[f] = 0;
                }
            }
            peak = Math.max(peak, held);
        }
        return result(name == null ? policy.name() : name, cold, wasted, peak);
    }

    private static boolean isLoaded(Schedule schedule, int minutesSinceLast) {
        return schedule.isLoadedAt(Duration.ofMinutes(minutesSinceLast));
    }

    private PolicyResult result(String name, long[] cold, double wasted, double peak) {
        List<FunctionTrace> functions = trace.functions();
        long coldStarts = 0;
        long invocations = 0;
        double[] perFunction = new double[functions.size()];
        int counted = 0;
        for (int f = 0; f < functions.size(); f++) {
            long calls = functions.get(f).invocations();
            coldStarts += cold[f];
            invocations += calls;
            if (calls > 0) {
                perFunction[counted++] = 100.0 * cold[f] / calls;
            }
        }
        double[] sorted = Arrays.copyOf(perFunction, counted);
        Arrays.sort(sorted);
        double p75 = counted == 0 ? 0 : sorted[(int) Math.ceil(0.75 * counted) - 1];
        double percent = invocations == 0 ? 0 : 100.0 * coldStarts / invocations;
        return new PolicyResult(name, coldStarts, invocations, percent, p75, wasted, Math.round(peak));
    }
}
