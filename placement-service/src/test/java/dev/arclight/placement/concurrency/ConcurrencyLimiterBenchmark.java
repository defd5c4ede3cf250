package dev.arclight.placement.concurrency;

import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What one acquire + release costs against the real PostgreSQL of the tests (embedded, same host).
 * Not part of the normal build: run with
 * {@code ./mvnw -pl placement-service -am verify -Dtest=ConcurrencyLimiterBenchmark -Darclight.benchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the numbers go to standard output.
 */
@EnabledIfSystemProperty(named = "arclight.benchmark", matches = "true")
class ConcurrencyLimiterBenchmark extends ConcurrencyAndAsyncTestSupport {

    @Autowired
    PostgresConcurrencyLimiter limiter;

    @Autowired
    ConcurrencyProperties properties;

    @Autowired
    DataSource dataSource;

    @Test
    void measureAcquireAndRelease() throws Exception {
        var tenant = unique("bench");
        registerFunction(tenant, "reserved", 100);
        registerFunction(tenant, "open", null);
        var reserved = arnOf(tenant, "reserved");
        var open = arnOf(tenant, "open");

        for (int i = 0; i < 500; i++) {
            limiter.acquire(tenant, open, null).close();
        }
        report("1 thread, unreserved function", latencies(() -> limiter.acquire(tenant, open, null), 3_000));
        report("1 thread, reserved function", latencies(() -> limiter.acquire(tenant, reserved, 100), 3_000));

        try (var other = new PostgresConcurrencyLimiter(unique("bench-other"), properties, dataSource)) {
            other.start();
            throughput("8 threads, 2 instances, one tenant", 8, 500, t -> {
                var instance = t % 2 == 0 ? limiter : other;
                return () -> instance.acquire(tenant, open, null);
            });
            var tenantsOfThreads = new ArrayList<String>();
            for (int t = 0; t < 8; t++) {
                var own = unique("bench-t" + t);
                registerFunction(own, "open", null);
                tenantsOfThreads.add(own);
            }
            throughput("8 threads, 2 instances, 8 tenants", 8, 500, t -> {
                var instance = t % 2 == 0 ? limiter : other;
                var own = tenantsOfThreads.get(t);
                var arn = arnOf(own, "open");
                return () -> instance.acquire(own, arn, null);
            });
        }
    }

    interface Acquire {
        ConcurrencyLimiter.Permit acquire();
    }

    interface PerThread {
        Acquire forThread(int thread);
    }

    private static long[] latencies(Acquire acquire, int rounds) {
        var nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            acquire.acquire().close();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static void report(String name, long[] nanos) {
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElseThrow() / 1_000.0;
        System.out.printf(
                "BENCH %-40s n=%d mean=%.0f us p50=%.0f us p99=%.0f us (acquire+release)%n",
                name,
                nanos.length,
                mean,
                nanos[nanos.length / 2] / 1_000.0,
                nanos[(int) (nanos.length * 0.99)] / 1_000.0);
    }

    private static void throughput(String name, int threads, int roundsPerThread, PerThread perThread)
            throws Exception {
        List<Callable<long[]>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            var acquire = perThread.forThread(t);
            work.add(() -> latencies(acquire, roundsPerThread));
        }
        try (var pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            var results = pool.invokeAll(work);
            double seconds = (System.nanoTime() - start) / 1e9;
            var all = new long[threads * roundsPerThread];
            for (int t = 0; t < threads; t++) {
                System.arraycopy(results.get(t).get(), 0, all, t * roundsPerThread, roundsPerThread);
            }
            report(name, all);
            System.out.printf("BENCH %-40s %.0f acquire+release pairs/s%n", name, all.length / seconds);
        }
    }
}
