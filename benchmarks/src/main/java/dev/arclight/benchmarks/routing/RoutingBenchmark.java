package dev.arclight.benchmarks.routing;

import dev.arclight.gateway.ring.ArcRouter;
import dev.arclight.gateway.ring.RoutingDecision;
import dev.arclight.ring.HashRing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one routing decision in the gateway, at 10, 100 and 1000 placement instances.
 *
 * <p>{@code plainConsistentHash} is the baseline in the same run: the owner of the function's
 * point on the same ring, without arcs, provisioned concurrency or load. {@code arcRoute} is the full
 * decision (take a slot, build the arc, two random choices, count the call) plus releasing its
 * lease, as every call does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingBenchmark {

    @Param({"10", "100", "1000"})
    int instances;

    private List<String> functions;
    private ArcRouter router;
    private HashRing ring;

    @Setup
    public void setUp() {
        var names =
                IntStream.range(0, instances).mapToObj(i -> "placement-" + i).toList();
        router = new ArcRouter(128, 10, ThreadLocalRandom::current);
        router.updateMembership(names);
        ring = router.ring();
        functions = IntStream.range(0, 10_000)
                .mapToObj(i -> "tenant-" + (i % 50) + ":function-" + i)
                .toList();
    }

    @Benchmark
    public String plainConsistentHash() {
        var function = functions.get(ThreadLocalRandom.current().nextInt(functions.size()));
        return ring.arc(HashRing.point(function), 1).getFirst();
    }

    @Benchmark
    public String arcRoute() {
        var function = functions.get(ThreadLocalRandom.current().nextInt(functions.size()));
        var decision = (RoutingDecision.Routed) router.route(function, 0);
        decision.lease().release();
        return decision.instance();
    }

    @Benchmark
    public String arcRouteReserved() {
        var function = functions.get(ThreadLocalRandom.current().nextInt(functions.size()));
        var decision = (RoutingDecision.Routed) router.route(function, 20);
        decision.lease().release();
        return decision.instance();
    }
}
