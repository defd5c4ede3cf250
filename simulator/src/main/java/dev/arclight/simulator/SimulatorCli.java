package dev.arclight.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./arclight simulate}: replays a trace through the keep-alive policies and prints, per
 * policy, cold starts, the 75th percentile of per-function cold-start percentages, wasted
 * memory-time and peak memory. Progress and warnings go to stderr, results to stdout. Exit 0 on
 * success, 1 on a trace that cannot be read, 2 on bad arguments.
 */
public final class SimulatorCli {

    static final String USAGE = """
            Usage: ./arclight simulate --trace PREFIX [--format table|json] [--plot FILE.png]
                                       [--functions even|odd] [--minutes FROM-TO] [--folds N]
              --trace PREFIX   2019 format: PREFIX_inv.csv (+ PREFIX_mem.csv); 2021 format: PREFIX when it
                               is a .csv file, or PREFIX.csv
              --format         table (default) or json
              --plot FILE.png  also replay fixed keep-alive of 5..240 minutes (idle memory in full,
                               and with reclaim) and draw cold starts against wasted memory-time
              --functions      keep every other function (robustness runs on halves of a sample)
              --minutes        keep minutes FROM (included) to TO (excluded) of the trace
              --folds N        the held-out check of the policy instead of the rows: N folds of the
                               functions (index mod N), arclight's frontier over cold-start prices on
                               each, read at fixed-10's memory (docs/benchmarks.md)
            """;

    private SimulatorCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        try {
            long start = System.nanoTime();
            err.println("simulate: reading " + options.trace());
            Trace trace = options.select(TraceFiles.read(options.trace(), w -> err.println("simulate: warning: " + w)));
            err.printf(
                    Locale.ROOT,
                    "simulate: %d functions, %d invocations, %d minutes%n",
                    trace.functions().size(),
                    trace.invocations(),
                    trace.minutes());
            if (options.folds() > 0) {
                var folds = HeldOutFolds.run(trace, options.folds(), p -> err.println("simulate: " + p));
                out.print(HeldOutFolds.table(trace, folds));
                err.printf(Locale.ROOT, "simulate: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
                return 0;
            }
            List<PolicyResult> results =
                    Simulation.run(trace, Simulation.reported(trace), p -> err.println("simulate: " + p));
            if (options.plot() != null) {
                List<PolicyResult> curve = Simulation.run(
                        trace, Simulation.curve(IdleMemory.FULL), p -> err.println("simulate: curve " + p));
                List<PolicyResult> reclaimCurve = Simulation.run(
                        trace, Simulation.curve(IdleMemory.RECLAIM), p -> err.println("simulate: curve " + p));
                FrontierPlot.write(
                        options.plot(), "Keep-alive policies on " + trace.name(), results, curve, reclaimCurve);
                err.println("simulate: plot written to " + options.plot());
            }
            out.println("json".equals(options.format()) ? Report.json(trace, results) : Report.table(trace, results));
            err.printf(Locale.ROOT, "simulate: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (TraceFormatException e) {
            err.println("simulate: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("simulate: failed: " + e);
            return 1;
        }
    }

    record Options(String trace, String format, Path plot, String functions, int[] minutes, int folds, boolean help) {

        static Options parse(String[] args) {
            String trace = null;
            String format = "table";
            Path plot = null;
            String functions = null;
            int[] minutes = null;
            int folds = 0;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    return new Options(null, format, null, null, null, 0, true);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            arg.startsWith("--") ? arg + " needs a value" : "unknown argument " + arg);
                }
                String value = args[++i];
                switch (arg) {
                    case "--trace" -> trace = value;
                    case "--format" -> {
                        if (!value.equals("table") && !value.equals("json")) {
                            throw new IllegalArgumentException("--format is table or json, not " + value);
                        }
                        format = value;
                    }
                    case "--plot" -> plot = Path.of(value);
                    case "--functions" -> {
                        if (!value.equals("even") && !value.equals("odd")) {
                            throw new IllegalArgumentException("--functions is even or odd, not " + value);
                        }
                        functions = value;
                    }
                    case "--minutes" -> minutes = range(value);
                    case "--folds" -> folds = folds(value);
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (trace == null) {
                throw new IllegalArgumentException("--trace is required");
            }
            if (folds > 0 && (plot != null || format.equals("json"))) {
                throw new IllegalArgumentException("--folds prints its own table: no --plot or --format json with it");
            }
            return new Options(trace, format, plot, functions, minutes, folds, false);
        }

        private static int folds(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 2 && n <= 16) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--folds is a number from 2 to 16, not " + value);
        }

        private static int[] range(String value) {
            String[] parts = value.split("-", -1);
            try {
                int from = Integer.parseInt(parts[0]);
                int to = Integer.parseInt(parts[1]);
                if (parts.length == 2 && from >= 0 && to > from) {
                    return new int[] {from, to};
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below
            }
            throw new IllegalArgumentException("--minutes is FROM-TO with 0 <= FROM < TO, not " + value);
        }

        Trace select(Trace trace) {
            Trace selected = trace;
            if (functions != null) {
                int parity = functions.equals("even") ? 0 : 1;
                selected = selected.subset("-" + functions, i -> i % 2 == parity);
            }
            if (minutes != null) {
                selected = selected.window(
                        "-minutes-" + minutes[0] + "-" + minutes[1],
                        minutes[0],
                        Math.min(minutes[1], selected.minutes()));
            }
            return selected;
        }
    }
}
