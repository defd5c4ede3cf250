package dev.arclight.benchmarks.invoke;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The platform's overhead on an invocation, and how throughput grows with concurrent callers,
 * measured against a running platform ({@code ./arclight up}), all in one run:
 *
 * <ol>
 *   <li><b>Sequential</b>: an echo function called through the gateway with the AWS SDK (gateway,
 *       hash-arc routing, placement, worker, guest) and straight on the worker's invoke endpoint
 *       for the very container placement uses (worker and guest only), in alternating rounds so
 *       that both paths see the same machine. The ratio of the two is what the gateway and
 *       placement cost in latency.
 *   <li><b>Concurrent</b>: for each level of callers (default 1, 4, 16, 64), that many callers
 *       through the gateway, each calling in a loop: first a few calls each (unrecorded: placement
 *       starts the containers the level needs, one call per container), then for a fixed time,
 *       recorded.
 * </ol>
 *
 * Every phase also reads the CPU time of each service from {@code /proc} ({@link ServiceCpu});
 * the idle rate, measured before the phases, is subtracted, and what is left is divided by the
 * phase's calls: the CPU each service spends per invocation. The machine's busy share during a
 * phase says whether the cores were the limit.
 *
 * <pre>
 * java [-Darclight.bench.levels=1,4,16,64] [-Darclight.bench.seconds=15] \
 *     -cp benchmarks/target/benchmarks.jar dev.arclight.benchmarks.invoke.InvokeLoadBenchmark \
 *     [gateway-url] [worker-url] [calls-per-round] [rounds]
 * </pre>
 */
public final class InvokeLoadBenchmark {

    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

    private InvokeLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        var gateway = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        var worker = URI.create(args.length > 1 ? args[1] : "http://localhost:8084");
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        var levels = Arrays.stream(
                        System.getProperty("arclight.bench.levels", "1,4,16,64").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        var seconds = Duration.ofSeconds(Long.getLong("arclight.bench.seconds", 15));

        try (var calls = new EchoCalls(gateway, worker);
                var http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            calls.ensureFunction();
            // Warm the container (and the JITs) before anything is recorded.
            for (int i = 0; i < 50; i++) {
                calls.throughGateway();
            }
            var container = calls.container(http);
            for (int i = 0; i < 50; i++) {
                calls.direct(http, container);
            }

            var idle = idleRates();

            var viaGateway = histogram();
            var viaWorker = histogram();
            long gatewayNanos = 0;
            long workerNanos = 0;
            var cpuGateway = new Phase.Cpu();
            var cpuWorker = new Phase.Cpu();
            for (int round = 0; round < rounds; round++) {
                gatewayNanos += cpuGateway.around(() -> time(perRound, viaGateway, calls::throughGateway));
                workerNanos += cpuWorker.around(() -> time(perRound, viaWorker, () -> calls.direct(http, container)));
            }
            System.out.printf(
                    "echo function, %d sequential calls per path in %d alternating rounds%n%n",
                    perRound * rounds, rounds);
            System.out.println("| path | calls/s | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            row("gateway (AWS SDK, SigV4) -> placement -> worker -> guest", viaGateway, gatewayNanos);
            row("worker invoke endpoint -> guest (baseline)", viaWorker, workerNanos);
            double sequential = viaGateway.getTotalCount() * 1e9 / gatewayNanos;
            System.out.printf(
                    "%nratio gateway/baseline: p50 %.2f, p99 %.2f, throughput %.2f%n%n",
                    ms(viaGateway, 50) / ms(viaWorker, 50),
                    ms(viaGateway, 99) / ms(viaWorker, 99),
                    (viaWorker.getTotalCount() * 1e9 / workerNanos) / sequential);

            System.out.println("CPU ms per invocation (idle rate subtracted; platform = gateway + placement"
                    + " + worker + postgres)");
            Phase.cpuHeader();
            cpuGateway.row("sequential, gateway path", viaGateway.getTotalCount(), idle);
            cpuWorker.row("sequential, worker-direct", viaWorker.getTotalCount(), idle);

            System.out.printf("%nconcurrent callers through the gateway, %d s each%n%n", seconds.toSeconds());
            System.out.println("| callers | calls | errors | calls/s | x sequential | p50 ms | p90 ms | p99 ms"
                    + " | max ms | machine busy |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            var phases = new java.util.ArrayList<Phase>();
            for (int callers : levels) {
                var phase = Phase.run(calls, callers, seconds);
                phases.add(phase);
                phase.row(sequential);
            }
            System.out.println();
            Phase.cpuHeader();
            for (var phase : phases) {
                phase.cpu().row(phase.callers() + " callers", phase.histogram().getTotalCount(), idle);
            }
            phases.stream()
                    .filter(p -> p.firstError() != null)
                    .forEach(p -> System.out.printf("%n%d callers, first error: %s%n", p.callers(), p.firstError()));
        }
    }

    /** CPU nanoseconds per second of each service while nothing is called. */
    private static Map<String, Double> idleRates() throws InterruptedException {
        var before = ServiceCpu.sample();
        long t0 = System.nanoTime();
        Thread.sleep(IDLE_SAMPLE);
        var used = ServiceCpu.minus(ServiceCpu.sample(), before);
        double seconds = (System.nanoTime() - t0) / 1e9;
        var rates = new java.util.LinkedHashMap<String, Double>();
        used.forEach((service, nanos) -> rates.put(service, nanos / seconds));
        return rates;
    }

    static Histogram histogram() {
        return new Histogram(600_000_000_000L, 3);
    }

    interface Call {
        void run() throws Exception;
    }

    private static long time(int calls, Histogram histogram, Call call) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run();
            histogram.recordValue(System.nanoTime() - t0);
        }
        return System.nanoTime() - start;
    }

    private static void row(String path, Histogram histogram, long nanos) {
        System.out.printf(
                "| %s | %.1f | %.2f | %.2f | %.2f | %.2f |%n",
                path,
                histogram.getTotalCount() * 1e9 / nanos,
                ms(histogram, 50),
                ms(histogram, 90),
                ms(histogram, 99),
                histogram.getMaxValue() / 1e6);
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
