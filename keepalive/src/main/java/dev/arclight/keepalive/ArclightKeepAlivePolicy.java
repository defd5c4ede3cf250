package dev.arclight.keepalive;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Arclight's keep-alive: per function, keep an instance loaded at exactly those idle offsets where
 * the chance that the next invocation comes in that minute is worth the memory.
 *
 * <p>Per function, the idle-time histogram of the hybrid policy (1-minute bins to 4 h, aged by
 * halving at {@value #AGE_AT} observations so it follows a changing function). After each
 * invocation, for every offset {@code b} minutes:
 *
 * <ol>
 *   <li>The hazard {@code h(b)}: of the idle times that lasted at least {@code b} minutes, the share
 *       that ended in minute {@code b}. Loading the instance in minute {@code b} costs one minute of
 *       idle memory each time the function is still idle then, and saves a cold start with
 *       probability {@code h(b)}: so load iff {@code h(b) >= THETA} (step 5 refines this for the
 *       first minute of a stretch). That is the cheapest set of minutes for any price of a cold
 *       start, and it pre-warms by itself (a timer every 15
 *       minutes loads minutes 14 to 16 only).
 *   <li>The price: a cold start is worth {@value #COLD_START_WORTH_MINUTES} minutes of a
 *       {@value #REFERENCE_MB} MB instance, whatever the function; an idle instance is shrunk after
 *       its first minute and costs {@link ShrunkMemory#FRACTION} of its memory, so {@code THETA =
 *       FRACTION / 60} for a {@value #REFERENCE_MB} MB function and {@code THETA * mb / 128} for
 *       one of {@code mb}: memory-time is paid in MB, a cold start is one cold start, so the same
 *       price per MB-minute everywhere keeps small functions longer than big ones. A cheaper idle
 *       minute is how the policy can keep longer than a fixed window at the same memory.
 *   <li>The estimate, for one day's few idle times: the count in bin {@code b} is the largest count
 *       within {@code max(1, 40% of b)} bins (an idle time of 30 minutes says 18..42 happen too),
 *       and it is blended with the population's hazard with a weight of {@value #PRIOR_WEIGHT}
 *       idle times: {@code h(b) = (count + 2 * h_pop(b)) / (survivors + 2)}. A new function, or one
 *       idle longer than it ever was, follows the population. A timer is not spread that far: when
 *       the function's last {@value FunctionHistory#RECENT} idle times wander by less (their
 *       {@link FunctionHistory#wander}, the largest relative step between two), the spread is
 *       {@value #WANDER_MARGIN} times that wander, down to no spread at all for one that keeps its
 *       period to the minute, so a timer every 4 minutes is loaded in minute 4 and not in 3 too
 *       (held out on four folds of the 1000 sample: 8% to 11% fewer cold starts at 1.05 times
 *       fixed-10's memory; docs/benchmarks.md).
 *   <li>The burst context: when the function's last idle time was at most {@value
 *       FunctionHistory#BURST_MINUTES} minutes, the next one is drawn from what followed earlier
 *       bursts, not from all its idle times. So within the burst histogram's hour ({@link
 *       FunctionHistory#afterBurst}), {@code h(b)} is estimated the same way from that histogram
 *       with the function's own hazard (at most 1) as its prior: {@code (count' + 2 * min(1, h(b)))
 *       / (survivors' + 2)}. (Held out on four folds of the 1000 sample it had fewer cold starts at
 *       equal memory on every fold; docs/benchmarks.md.) The burst histogram keeps the
 *       usual spread even for a timer: sharpening it too had more cold starts on three folds.
 *   <li>The first minute of a loaded stretch: reclaim shrinks an instance only after a minute
 *       idle, so that minute costs full memory ({@code THETA / FRACTION}), and a pre-warm pays it
 *       too. {@link LoadedStretches} picks the minutes from 1 on that save the most (minute 0 is
 *       the call's own and uses the plain threshold); a lone minute or a short stretch at a
 *       hazard just above {@code THETA} is no longer loaded.
 *   <li>The population: every function's idle times pooled, a function's {@code k}-th one weighted
 *       {@code 1 / sqrt(k)} so busy functions do not drown rare ones, seeded with a scale-free
 *       prior (idle times equally likely at every scale from 1 minute to a day, weight {@value
 *       #SEED_WEIGHT}) so that the first functions a fresh policy sees are kept for a while.
 *   <li>The configured bounds: loaded from 0 to the minimum always, nothing after the maximum.
 * </ol>
 *
 * <p>State: the per-function histories (bounded by a {@link HistoryRetention}: functions not
 * invoked for long, and the least recent beyond a count, are forgotten) and the population's 241
 * weights; {@link #writeState} and {@link #readState} carry both over a restart.
 */
public final class ArclightKeepAlivePolicy implements KeepAlivePolicy {

    static final int AGE_AT = 1024;
    static final double REFERENCE_MB = 128;
    static final double COLD_START_WORTH_MINUTES = 60;
    static final double THETA = ShrunkMemory.FRACTION / COLD_START_WORTH_MINUTES;
    static final double PRIOR_WEIGHT = 2;
    static final double SPREAD = 0.4;
    /** A timer's spread over its wander: the next step may be twice the largest seen. */
    static final double WANDER_MARGIN = 2;

    static final double SEED_WEIGHT = 10;
    private static final int BINS = IdleTimeHistogram.BINS;
    private static final int DAY_MINUTES = 1440;

    private final FunctionHistories histories;
    private final KeepAliveBounds bounds;
    private final ToDoubleFunction<String> memoryMb;
    /** {@link #THETA}, or the threshold of another cold-start price (the held-out frontiers). */
    private final double theta;
    /** Pooled idle times per bin, the last one out of bounds. */
    private final double[] population = new double[BINS + 1];

    /** Every function priced as if it had {@value #REFERENCE_MB} MB. */
    public ArclightKeepAlivePolicy(Clock clock, KeepAliveBounds bounds) {
        this(clock, bounds, function -> REFERENCE_MB);
    }

    /** Every function priced as if it had {@value #REFERENCE_MB} MB, remembered as {@code retention} says. */
    public ArclightKeepAlivePolicy(Clock clock, KeepAliveBounds bounds, HistoryRetention retention) {
        this(clock, bounds, function -> REFERENCE_MB, retention);
    }

    /** {@code memoryMb} says what an instance of a function holds (its configured memory). */
    public ArclightKeepAlivePolicy(Clock clock, KeepAliveBounds bounds, ToDoubleFunction<String> memoryMb) {
        this(clock, bounds, memoryMb, HistoryRetention.DEFAULT);
    }

    /** As above, remembering functions as long and as many as {@code retention} says. */
    public ArclightKeepAlivePolicy(
            Clock clock, KeepAliveBounds bounds, ToDoubleFunction<String> memoryMb, HistoryRetention retention) {
        this(clock, bounds, memoryMb, retention, COLD_START_WORTH_MINUTES);
    }

    /**
     * As above, a cold start worth {@code coldStartWorthMinutes} minutes of a {@value #REFERENCE_MB}
     * MB instance instead of {@value #COLD_START_WORTH_MINUTES}: the simulator's {@code --folds}
     * traces the policy's frontier over this price. Live holders keep the default.
     */
    public ArclightKeepAlivePolicy(
            Clock clock,
            KeepAliveBounds bounds,
            ToDoubleFunction<String> memoryMb,
            HistoryRetention retention,
            double coldStartWorthMinutes) {
        if (!(coldStartWorthMinutes > 0) || Double.isInfinite(coldStartWorthMinutes)) {
            throw new IllegalArgumentException(
                    "coldStartWorthMinutes must be positive and finite, was " + coldStartWorthMinutes);
        }
        this.histories = new FunctionHistories(clock, AGE_AT, retention);
        this.bounds = bounds;
        this.memoryMb = memoryMb;
        this.theta = ShrunkMemory.FRACTION / coldStartWorthMinutes;
        double harmonic = 0;
        for (int m = 1; m <= DAY_MINUTES; m++) {
            harmonic += 1.0 / m;
        }
        for (int m = 1; m <= DAY_MINUTES; m++) {
            population[Math.min(m, BINS)] += SEED_WEIGHT / m / harmonic;
        }
    }

    @Override
    public String name() {
        return "arclight";
    }

    @Override
    public void invoked(String function) {
        FunctionHistory history = histories.of(function);
        int seen = history.histogram().observations();
        Instant last = history.lastInvocation();
        histories.invoked(function);
        if (last != null) {
            Duration idle = Duration.between(last, histories.clock().instant());
            population[IdleTimeHistogram.binOf(idle)] += 1 / Math.sqrt(1 + seen);
        }
    }

    @Override
    public Schedule schedule(String function) {
        FunctionHistory history = histories.of(function);
        double[] hazards = hazards(history.histogram(), Math.min(SPREAD, WANDER_MARGIN * history.wander()));
        if (history.inBurst()) {
            inContext(hazards, history.afterBurst());
        }
        double theta = this.theta * Math.max(1, memoryMb.applyAsDouble(function)) / REFERENCE_MB;
        boolean[] load = LoadedStretches.choose(hazards, theta / ShrunkMemory.FRACTION);
        // Minute 0 is the invocation's own (busy in the minute model); live, it bridges a call's end.
        load[0] = hazards[0] >= theta;
        return bounded(intervals(load));
    }

    /** The function's own hazards, spread and blended with the population's (step 3). */
    private double[] hazards(IdleTimeHistogram histogram, double spreadFactor) {
        double populationLeft = 0;
        for (double weight : population) {
            populationLeft += weight;
        }
        int survivors = histogram.observations();
        // Below the usual spread the function keeps time: no floor of one bin either side.
        int[] spread = histogram.spreadCounts(spreadFactor, spreadFactor < SPREAD ? 0 : 1);
        double[] hazards = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            double prior = populationLeft > 0 ? population[b] / populationLeft : 0;
            hazards[b] = (spread[b] + PRIOR_WEIGHT * prior) / (survivors + PRIOR_WEIGHT);
            survivors -= histogram.count(b);
            populationLeft -= population[b];
        }
        return hazards;
    }

    /**
     * In a burst (step 4): within the burst histogram's range, its hazards, spread alike, blended
     * with the function's own (at most 1) as their prior; beyond it the own ones stand.
     */
    private static void inContext(double[] hazards, IdleTimeHistogram afterBurst) {
        int[] spread = afterBurst.spreadCounts(SPREAD);
        int survivors = afterBurst.observations();
        for (int b = 0; b < afterBurst.bins(); b++) {
            hazards[b] = (spread[b] + PRIOR_WEIGHT * Math.min(1, hazards[b])) / (survivors + PRIOR_WEIGHT);
            survivors -= afterBurst.count(b);
        }
    }

    /** Runs of loaded bins as intervals; bin {@code b} is the minute from b to b + 1. */
    private static List<Schedule.Interval> intervals(boolean[] load) {
        List<Schedule.Interval> intervals = new ArrayList<>();
        int b = 0;
        while (b < load.length) {
            if (!load[b]) {
                b++;
                continue;
            }
            int start = b;
            while (b < load.length && load[b]) {
                b++;
            }
            // Loaded from minute 1 on means kept loaded from the invocation on.
            Duration from = Duration.ofMinutes(start <= 1 ? 0 : start);
            intervals.add(new Schedule.Interval(from, Duration.ofMinutes(b).minusSeconds(1)));
        }
        return intervals;
    }

    private Schedule bounded(List<Schedule.Interval> intervals) {
        List<Schedule.Interval> out = new ArrayList<>();
        if (!bounds.minimum().isZero()) {
            out.add(new Schedule.Interval(Duration.ZERO, bounds.minimum()));
        }
        for (Schedule.Interval interval : intervals) {
            if (interval.from().compareTo(bounds.maximum()) <= 0) {
                Duration to = interval.to().compareTo(bounds.maximum()) > 0 ? bounds.maximum() : interval.to();
                out.add(new Schedule.Interval(interval.from(), to));
            }
        }
        return new Schedule(out);
    }

    public FunctionHistories histories() {
        return histories;
    }

    /** The population's weights then every function's history. */
    public void writeState(OutputStream stream) throws IOException {
        var out = new DataOutputStream(stream);
        for (double weight : population) {
            out.writeDouble(weight);
        }
        histories.writeTo(out);
        out.flush();
    }

    public void readState(InputStream stream) throws IOException {
        var in = new DataInputStream(stream);
        double[] read = new double[population.length];
        for (int b = 0; b < read.length; b++) {
            read[b] = in.readDouble();
            if (!(read[b] >= 0) || Double.isInfinite(read[b])) {
                throw new IOException("not a keep-alive state: population weight " + read[b]);
            }
        }
        histories.readFrom(in);
        System.arraycopy(read, 0, population, 0, read.length);
    }
}
