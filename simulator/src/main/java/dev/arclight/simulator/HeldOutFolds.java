package dev.arclight.simulator;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.HistoryRetention;
import dev.arclight.keepalive.HybridHistogramPolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * {@code --folds N}: the held-out protocol for changes to {@code arclight}'s estimator.
 *
 * <p>Why: one point per policy on the development samples rewards tuning to them, and a change
 * that moves the policy along its own frontier (fewer cold starts for more memory) looks like a
 * win at one price and a loss at another. So the trace's functions are split into {@code N} folds
 * by their index modulo {@code N}; on each fold the policy is replayed at the cold-start prices
 * {@link #PRICES} (minutes of a 128 MB instance; 60 is the policy's own), which traces its frontier
 * of cold starts against wasted memory-time, and {@code fixed-10} and {@code hybrid} are replayed
 * as references. Memory-time is given over {@code fixed-10}'s on the same fold, and the frontier is
 * read, by linear interpolation between neighbouring prices, at {@link #AT_MEMORY} times {@code
 * fixed-10}'s memory: a change to the estimator is better if it has fewer cold starts there on
 * every fold. Folds are independent runs, each from a fresh policy, as a held-out sample would be.
 */
final class HeldOutFolds {

    static final double[] PRICES = {15, 30, 60, 120, 240};
    static final double[] AT_MEMORY = {1.05, 1.2};

    /** One fold: the references and the policy's frontier, in the order of {@link #PRICES}. */
    record Fold(int index, Trace trace, PolicyResult fixed10, PolicyResult hybrid, List<PolicyResult> frontier) {

        double memoryRatio(PolicyResult result) {
            return fixed10.wastedMemoryTime() == 0
                    ? Double.NaN
                    : result.wastedMemoryTime() / fixed10.wastedMemoryTime();
        }

        /** Cold % on the frontier at {@code ratio} times fixed-10's memory; NaN outside the frontier. */
        double coldPercentAt(double ratio) {
            double best = Double.NaN;
            for (int i = 0; i + 1 < frontier.size(); i++) {
                double x0 = memoryRatio(frontier.get(i));
                double x1 = memoryRatio(frontier.get(i + 1));
                double lo = Math.min(x0, x1);
                double hi = Math.max(x0, x1);
                if (ratio < lo || ratio > hi) {
                    continue;
                }
                double y0 = frontier.get(i).coldStartPercent();
                double y1 = frontier.get(i + 1).coldStartPercent();
                double y = hi == lo ? Math.min(y0, y1) : y0 + (y1 - y0) * (ratio - x0) / (x1 - x0);
                best = Double.isNaN(best) ? y : Math.min(best, y);
            }
            return best;
        }
    }

    private HeldOutFolds() {}

    static List<Fold> run(Trace trace, int folds, Consumer<String> progress) {
        ToDoubleFunction<String> memoryOf = memoryOf(trace);
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            int fold = k;
            Trace part = trace.subset("-fold-" + fold + "-of-" + folds, i -> i % folds == fold);
            Replay replay = new Replay(part);
            PolicyResult fixed10 = replay.run(clock -> FixedKeepAlivePolicy.minutes(10), IdleMemory.FULL, "fixed-10");
            PolicyResult hybrid = replay.run(HybridHistogramPolicy::new, IdleMemory.FULL, "hybrid");
            List<PolicyResult> frontier = new ArrayList<>();
            for (double price : PRICES) {
                frontier.add(replay.run(
                        clock -> new ArclightKeepAlivePolicy(
                                clock, KeepAliveBounds.DEFAULT, memoryOf, HistoryRetention.DEFAULT, price),
                        IdleMemory.RECLAIM,
                        String.format(Locale.ROOT, "arclight@%.0f", price)));
            }
            out.add(new Fold(fold, part, fixed10, hybrid, List.copyOf(frontier)));
            progress.accept(String.format(Locale.ROOT, "fold %d of %d done", fold + 1, folds));
        }
        return out;
    }

    private static ToDoubleFunction<String> memoryOf(Trace trace) {
        Map<String, Double> memory = new HashMap<>();
        for (FunctionTrace function : trace.functions()) {
            memory.put(function.id(), function.memoryMb());
        }
        return id -> memory.getOrDefault(id, 128.0);
    }

    static String table(Trace trace, List<Fold> folds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "trace %s: %d functions in %d folds (function index mod %d); cold %% / wasted over fixed-10's%n",
                trace.name(),
                trace.functions().size(),
                folds.size(),
                folds.size()));
        out.append(String.format(Locale.ROOT, "%-22s", "row"));
        for (Fold fold : folds) {
            out.append(String.format(Locale.ROOT, " %16s", "fold " + fold.index()));
        }
        out.append(System.lineSeparator());
        row(out, folds, "fixed-10", Fold::fixed10);
        row(out, folds, "hybrid", Fold::hybrid);
        for (int p = 0; p < PRICES.length; p++) {
            int price = p;
            row(
                    out,
                    folds,
                    folds.getFirst().frontier().get(p).name(),
                    f -> f.frontier().get(price));
        }
        for (double ratio : AT_MEMORY) {
            out.append(String.format(Locale.ROOT, "%-22s", String.format(Locale.ROOT, "cold %% at %.2f x mem", ratio)));
            for (Fold fold : folds) {
                double cold = fold.coldPercentAt(ratio);
                out.append(String.format(
                        Locale.ROOT,
                        " %16s",
                        Double.isNaN(cold) ? "off frontier" : String.format(Locale.ROOT, "%.3f", cold)));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    private static void row(
            StringBuilder out, List<Fold> folds, String name, java.util.function.Function<Fold, PolicyResult> pick) {
        out.append(String.format(Locale.ROOT, "%-22s", name));
        for (Fold fold : folds) {
            PolicyResult r = pick.apply(fold);
            out.append(String.format(
                    Locale.ROOT,
                    " %16s",
                    String.format(Locale.ROOT, "%.3f / %.3f", r.coldStartPercent(), fold.memoryRatio(r))));
        }
        out.append(System.lineSeparator());
    }
}
