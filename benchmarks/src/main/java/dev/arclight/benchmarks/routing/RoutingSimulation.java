package dev.arclight.benchmarks.routing;

import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import dev.arclight.ring.LoadBound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Replays the busiest minute of a real Azure Functions trace onto rings of placement instances and
 * reports, for hash arcs with and without bounded loads against a plain consistent hash (arc width
 * always 1, the baseline):
 *
 * <ul>
 *   <li>balance: the busiest instance's load over the mean load;
 *   <li>spread: instances holding containers of a function, summed over functions (more means
 *       more cold starts to fill them);
 *   <li>movement: the share of functions whose instances change when one instance joins or leaves,
 *       and the share of load whose instance no longer serves its function after a join
 *       (containers to restart).
 * </ul>
 *
 * <p>A function's load is its mean concurrency in that minute, split evenly over its arc ({@link
 * ArcRule}, the gateway's rule). With bounded loads ({@link LoadBound}, the gateway's rule for
 * unreserved calls) functions are placed in the trace's order, each arc member takes its part up
 * to the bound, and what does not fit goes to the first instances clockwise from the arc's start
 * with room: a fluid model of the router's per-call choice, whose counts come and go rather than
 * arrive in one order.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.arclight.benchmarks.routing.RoutingSimulation <traces-dir> [callsPerInstance [loadFactor]]}.
 * Traces: Azure Functions 2019 (Shahrad et al., USENIX ATC 2020, CC BY 4.0) as sampled by vHive
 * invitro.
 */
public final class RoutingSimulation {

    private static final int VIRTUAL_NODES = 128;

    private RoutingSimulation() {}

    record Function(String name, double concurrency) {}

    /** How calls are spread: a width rule, and a load bound or none. */
    record Routing(String label, int callsPerInstance, LoadBound bound) {}

    public static void main(String[] args) throws IOException {
        var traces = Path.of(args.length > 0 ? args[0] : "../shared/traces/azure-functions-2019-sample");
        int callsPerInstance = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double loadFactor = args.length > 2 ? Double.parseDouble(args[2]) : LoadBound.DEFAULT_FACTOR;
        var functions = busiestMinute(traces.resolve("1000_inv.csv"), traces.resolve("1000_run.csv"));
        double total = functions.stream().mapToDouble(Function::concurrency).sum();
        System.out.printf(
                "trace: %d functions, busiest minute %.1f concurrent executions, callsPerInstance=%d,"
                        + " loadFactor=%.2f%n%n",
                functions.size(), total, callsPerInstance, loadFactor);
        System.out.println("| instances | routing | max/mean load | spread (function-instance pairs) "
                + "| functions moved on join | load that must move on join "
                + "| functions moved on leave |");
        System.out.println("|---|---|---|---|---|---|---|");
        var routings = List.of(
                new Routing("plain consistent hash", Integer.MAX_VALUE, null),
                new Routing("hash arcs", callsPerInstance, null),
                new Routing(
                        "hash arcs, bounded loads " + loadFactor,
                        callsPerInstance,
                        new LoadBound(loadFactor, callsPerInstance)));
        for (int n : new int[] {10, 100}) {
            var names = IntStream.range(0, n).mapToObj(i -> "placement-" + i).toList();
            var ring = HashRing.of(names, VIRTUAL_NODES);
            for (var routing : routings) {
                var result = simulate(ring, functions, routing);
                System.out.printf(
                        "| %d | %s | %.2f | %d | %.1f%% | %.1f%% | %.1f%% |%n",
                        n,
                        routing.label(),
                        result.balance,
                        result.spread,
                        100 * result.movedOnJoin,
                        100 * result.loadMovedOnJoin,
                        100 * result.movedOnLeave);
            }
        }
    }

    record Result(double balance, long spread, double movedOnJoin, double loadMovedOnJoin, double movedOnLeave) {}

    static Result simulate(HashRing ring, List<Function> functions, Routing routing) {
        var placed = place(ring, functions, routing);
        var joined = place(ring.with("placement-joining"), functions, routing);
        var left = place(ring.without(ring.instances().first()), functions, routing);
        var load = new HashMap<String, Double>();
        ring.instances().forEach(i -> load.put(i, 0.0));
        long spread = 0;
        int movedJoin = 0;
        int movedLeave = 0;
        double loadMovedJoin = 0;
        double total = 0;
        for (int f = 0; f < functions.size(); f++) {
            var here = placed.get(f);
            here.forEach((instance, share) -> load.merge(instance, share, Double::sum));
            spread += here.size();
            total += functions.get(f).concurrency;
            var afterJoin = joined.get(f);
            if (!afterJoin.keySet().equals(here.keySet())) {
                movedJoin++;
                // The function's load on instances that no longer serve it: those containers must
                // start again elsewhere. A widened arc that keeps them moves none.
                for (var entry : here.entrySet()) {
                    if (!afterJoin.containsKey(entry.getKey())) {
                        loadMovedJoin += entry.getValue();
                    }
                }
            }
            if (!left.get(f).keySet().equals(here.keySet())) {
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

    /** Each function's load per instance, in the order of {@code functions}. */
    static List<Map<String, Double>> place(HashRing ring, List<Function> functions, Routing routing) {
        double total = functions.stream().mapToDouble(Function::concurrency).sum();
        double capacity = routing.bound() == null
                ? Double.POSITIVE_INFINITY
                : routing.bound().capacity(total, ring.size());
        var rule = routing.callsPerInstance() == Integer.MAX_VALUE ? null : new ArcRule(routing.callsPerInstance());
        var load = new HashMap<String, Double>();
        var placements = new ArrayList<Map<String, Double>>(functions.size());
        for (var function : functions) {
            int width = rule == null ? 1 : rule.widthFor((int) Math.ceil(function.concurrency));
            long point = ArcRule.unreservedPoint(function.name);
            var arc = ring.arc(point, width);
            var here = new LinkedHashMap<String, Double>();
            double left = function.concurrency;
            for (var instance : arc) {
                double room = capacity - load.getOrDefault(instance, 0.0);
                double share = Math.min(function.concurrency / arc.size(), Math.max(0, room));
                if (share > 0) {
                    here.merge(instance, share, Double::sum);
                    load.merge(instance, share, Double::sum);
                    left -= share;
                }
            }
            if (left > 1e-9) {
                // Bounded loads: what the arc could not take, clockwise from its start to room.
                for (var instance : ring.arc(point, ring.size())) {
                    double room = capacity - load.getOrDefault(instance, 0.0);
                    if (room <= 1e-9) {
                        continue;
                    }
                    double share = Math.min(left, room);
                    here.merge(instance, share, Double::sum);
                    load.merge(instance, share, Double::sum);
                    left -= share;
                    if (left <= 1e-9) {
                        break;
                    }
                }
            }
            if (function.concurrency == 0 && here.isEmpty()) {
                // An idle function still has its home instance (where its first call would go).
                here.put(arc.getFirst(), 0.0);
            }
            placements.add(here);
        }
        return placements;
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
