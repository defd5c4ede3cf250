package dev.arclight.benchmarks.routing;

import dev.arclight.ring.HashRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Replays the busiest minute of a real Azure Functions trace onto rings of placement instances and
 * reports, for hash arcs against a plain consistent hash (arc width always 1, the baseline):
 *
 * <ul>
 *   <li>balance: the busiest instance's load over the mean load;
 *   <li>spread: instances holding containers of a function, summed over functions (more means
 *       more cold starts to fill them);
 *   <li>movement: the share of functions whose arc changes when one instance joins or leaves, and
 *       the share of load whose instance drops out of its arc on a join (containers to restart).
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.arclight.benchmarks.routing.RoutingSimulation <traces-dir> [callsPerInstance]}. Traces:
 * Azure Functions 2019 (Shahrad et al., USENIX ATC 2020, CC BY 4.0) as sampled by vHive invitro.
 */
public final class RoutingSimulation {

    private static final int VIRTUAL_NODES = 128;

    private RoutingSimulation() {}

    record Function(String name, double concurrency) {}

    public static void main(String[] args) throws IOException {
        var traces = Path.of(args.length > 0 ? args[0] : "../shared/traces/azure-functions-2019-sample");
        int callsPerInstance = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        var functions = busiestMinute(traces.resolve("1000_inv.csv"), traces.resolve("1000_run.csv"));
        double total = functions.stream().mapToDouble(Function::concurrency).sum();
        System.out.printf(
                "trace: %d functions, busiest minute %.1f concurrent executions, callsPerInstance=%d%n%n",
                functions.size(), total, callsPerInstance);
        System.out.println("| instances | routing | max/mean load | spread (function-instance pairs) "
                + "| functions whose arc changes on join | load that must move on join "
                + "| functions whose arc changes on leave |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int n : new int[] {10, 100}) {
            var names = IntStream.range(0, n).mapToObj(i -> "placement-" + i).toList();
            var ring = HashRing.of(names, VIRTUAL_NODES);
            for (boolean arcs : new boolean[] {false, true}) {
                var result = simulate(ring, functions, arcs ? callsPerInstance : Integer.MAX_VALUE);
                System.out.printf(
                        "| %d | %s | %.2f | %d | %.1f%% | %.1f%% | %.1f%% |%n",
                        n,
                        arcs ? "hash arcs" : "plain consistent hash",
                        result.balance,
                        result.spread,
                        100 * result.movedOnJoin,
                        100 * result.loadMovedOnJoin,
                        100 * result.movedOnLeave);
            }
        }
    }

    record Result(double balance, long spread, double movedOnJoin, double loadMovedOnJoin, double movedOnLeave) {}

    static Result simulate(HashRing ring, List<Function> functions, int callsPerInstance) {
        var load = new HashMap<String, Double>();
        ring.instances().forEach(i -> load.put(i, 0.0));
        long spread = 0;
        int movedJoin = 0;
        int movedLeave = 0;
        double loadMovedJoin = 0;
        double total = 0;
        var joined = ring.with("placement-joining");
        var left = ring.without(ring.instances().first());
        for (var function : functions) {
            int width = callsPerInstance == Integer.MAX_VALUE
                    ? 1
                    : Math.max(1, (int) Math.ceil(function.concurrency / callsPerInstance));
            long point = HashRing.point(function.name);
            var arc = ring.arc(point, width);
            for (var instance : arc) {
                load.merge(instance, function.concurrency / arc.size(), Double::sum);
            }
            spread += arc.size();
            total += function.concurrency;
            var afterJoin = joined.arc(point, width);
            if (!afterJoin.equals(arc)) {
                movedJoin++;
                // The share of the function's load whose instance is no longer in its arc: those
                // containers must start again elsewhere. A widened arc that keeps them moves none.
                long lost = arc.stream().filter(i -> !afterJoin.contains(i)).count();
                loadMovedJoin += function.concurrency * lost / arc.size();
            }
            if (!left.arc(point, width).equals(arc)) {
                movedLeave++;
            }
        }
        double mean = load.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0);
        double max =
                load.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Result(
                mean == 0 ? 0 : max / mean,
                spread,
                movedJoin / (double) functions.size(),
                total == 0 ? 0 : loadMovedJoin / total,
                movedLeave / (double) functions.size());
    }

    /** Concurrency of every function in the minute with the most concurrent executions overall. */
    static List<Function> busiestMinute(Path invocations, Path durations) throws IOException {
        Map<String, Double> averageMs = new HashMap<>();
        try (var lines = Files.lines(durations)) {
            lines.skip(1).forEach(line -> {
                var cells = line.split(",");
                averageMs.put(cells[2], Double.parseDouble(cells[3]));
            });
        }
        var names = new ArrayList<String>();
        var perMinute = new ArrayList<double[]>();
        try (var lines = Files.lines(invocations)) {
            lines.skip(1).forEach(line -> {
                var cells = line.split(",");
                double ms = averageMs.getOrDefault(cells[0], 0.0);
                var concurrency = new double[cells.length - 3];
                for (int m = 0; m < concurrency.length; m++) {
                    concurrency[m] = Double.parseDouble(cells[m + 3]) * ms / 60_000.0;
                }
                names.add(cells[0]);
                perMinute.add(concurrency);
            });
        }
        int minutes = perMinute.getFirst().length;
        int busiest = 0;
        double most = -1;
        for (int m = 0; m < minutes; m++) {
            double sum = 0;
            for (var f : perMinute) {
                sum += f[m];
            }
            if (sum > most) {
                most = sum;
                busiest = m;
            }
        }
        var functions = new ArrayList<Function>();
        for (int i = 0; i < names.size(); i++) {
            functions.add(new Function(names.get(i), perMinute.get(i)[busiest]));
        }
        return functions;
    }
}
