package dev.arclight.benchmarks.invoke;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One level of concurrent callers through the gateway: {@value #WARM_CALLS} unrecorded calls per
 * caller (the first ones concurrent, so placement starts the containers the level needs), then
 * every caller calls in a loop for the phase's time, recorded, with the CPU each service used.
 */
record Phase(int callers, Histogram histogram, long errors, String firstError, long nanos, Cpu cpu, double busy) {

    static final int WARM_CALLS = 3;
    private static final Duration WARM_LIMIT = Duration.ofMinutes(3);

    static Phase run(EchoCalls calls, int callers, Duration length) throws InterruptedException {
        var errors = new AtomicLong();
        var firstError = new AtomicReference<String>();
        var warmed = new CountDownLatch(callers);
        var go = new CountDownLatch(1);
        var done = new CountDownLatch(callers);
        var recorder = new Recorder(600_000_000_000L, 3);
        var stopAt = new AtomicLong(Long.MAX_VALUE);
        for (int c = 0; c < callers; c++) {
            Thread.ofPlatform().daemon().name("caller-" + c).start(() -> {
                try {
                    for (int i = 0; i < WARM_CALLS; i++) {
                        attempt(calls, errors, firstError);
                    }
                    warmed.countDown();
                    go.await();
                    while (System.nanoTime() < stopAt.get()) {
                        long t0 = System.nanoTime();
                        if (attempt(calls, errors, firstError)) {
                            recorder.recordValue(System.nanoTime() - t0);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        if (!warmed.await(WARM_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            System.out.printf("(%d callers: not all warm after %s, measuring anyway)%n", callers, WARM_LIMIT);
        }
        errors.set(0);
        var cpu = new Cpu();
        var machine0 = ServiceCpu.machine();
        var before = ServiceCpu.sample();
        long t0 = System.nanoTime();
        recorder.reset();
        stopAt.set(t0 + length.toNanos());
        go.countDown();
        done.await();
        long nanos = System.nanoTime() - t0;
        cpu.add(ServiceCpu.minus(ServiceCpu.sample(), before), nanos);
        var machine1 = ServiceCpu.machine();
        double busy = (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
        return new Phase(callers, recorder.getIntervalHistogram(), errors.get(), firstError.get(), nanos, cpu, busy);
    }

    private static boolean attempt(EchoCalls calls, AtomicLong errors, AtomicReference<String> firstError) {
        try {
            calls.throughGateway();
            return true;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    void row(double sequentialPerSecond) {
        double perSecond = histogram.getTotalCount() * 1e9 / nanos;
        System.out.printf(
                "| %d | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f%% |%n",
                callers,
                histogram.getTotalCount(),
                errors,
                perSecond,
                perSecond / sequentialPerSecond,
                InvokeLoadBenchmark.ms(histogram, 50),
                InvokeLoadBenchmark.ms(histogram, 90),
                InvokeLoadBenchmark.ms(histogram, 99),
                histogram.getMaxValue() / 1e6,
                busy * 100);
    }

    static void cpuHeader() {
        var header = new StringBuilder("| phase | platform |");
        var line = new StringBuilder("|---|---|");
        for (var service : ServiceCpu.ALL) {
            header.append(' ').append(service).append(" |");
            line.append("---|");
        }
        System.out.println(header);
        System.out.println(line);
    }

    /** CPU used by each service over one or more stretches of a phase, and their wall time. */
    static final class Cpu {

        private final Map<String, Long> used = new LinkedHashMap<>();
        private long nanos;

        interface Timed {
            long run() throws Exception;
        }

        /** Runs {@code timed} (which returns its own wall time) and adds what each service used meanwhile. */
        long around(Timed timed) throws Exception {
            var before = ServiceCpu.sample();
            long t0 = System.nanoTime();
            long result = timed.run();
            add(ServiceCpu.minus(ServiceCpu.sample(), before), System.nanoTime() - t0);
            return result;
        }

        void add(Map<String, Long> delta, long wallNanos) {
            delta.forEach((service, n) -> used.merge(service, n, Long::sum));
            nanos += wallNanos;
        }

        /** One row: CPU ms per call of each service, its idle rate over the same wall time taken off. */
        void row(String phase, long calls, Map<String, Double> idleRates) {
            var perCall = new LinkedHashMap<String, Double>();
            for (var service : ServiceCpu.ALL) {
                double net = used.getOrDefault(service, 0L) - idleRates.getOrDefault(service, 0.0) * nanos / 1e9;
                perCall.put(service, net / Math.max(1, calls) / 1e6);
            }
            double platform =
                    ServiceCpu.PLATFORM.stream().mapToDouble(perCall::get).sum();
            var row = new StringBuilder("| " + phase + String.format(" | %.2f |", platform));
            perCall.values().forEach(ms -> row.append(String.format(" %.2f |", ms)));
            System.out.println(row);
        }
    }
}
