package dev.arclight.gateway.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArcRouterTests {

    private static final List<String> TEN =
            IntStream.range(0, 10).mapToObj(i -> "placement-" + i).toList();

    private final SplittableRandom seed = new SplittableRandom(11);
    private final ArcRouter router = new ArcRouter(64, 10, seed::split);

    ArcRouterTests() {
        router.updateMembership(TEN);
    }

    @Test
    void answersNoInstanceOnAnEmptyRing() {
        var empty = new ArcRouter(64, 10, seed::split);
        assertThat(empty.route("local:hello", 0)).isInstanceOf(RoutingDecision.NoInstance.class);
    }

    @Test
    void keepsALightlyUsedFunctionOnOneInstance() {
        var instances = new java.util.HashSet<String>();
        for (int i = 0; i < 50; i++) {
            var routed = routed(router.route("local:hello", 0));
            instances.add(routed.instance());
            routed.lease().release();
        }
        assertThat(instances).hasSize(1);
    }

    @Test
    void routesReservedCallsToReservedArc() {
        var expected = router.arcsOf("local:hot", 25).reservedArc();
        assertThat(expected).hasSize(3);
        for (int i = 0; i < 25; i++) {
            var routed = routed(router.route("local:hot", 25));
            assertThat(routed.kind()).isEqualTo(ArcKind.RESERVED);
            assertThat(routed.arc()).isEqualTo(expected);
            assertThat(expected).contains(routed.instance());
        }
    }

    @Test
    void overflowsBeyondTheProvisionedConcurrencyToTheUnreservedArc() {
        var held = new ArrayList<RoutingDecision.Routed>();
        for (int i = 0; i < 5; i++) {
            held.add(routed(router.route("local:hot", 5)));
        }
        var overflow = routed(router.route("local:hot", 5));
        assertThat(overflow.kind()).isEqualTo(ArcKind.UNRESERVED);
        assertThat(overflow.arc()).isEqualTo(router.arcsOf("local:hot", 5).unreservedArc());

        held.getFirst().lease().release();
        assertThat(routed(router.route("local:hot", 5)).kind()).isEqualTo(ArcKind.RESERVED);
    }

    @Test
    void provisionedConcurrencyNeverCapsScaling() {
        for (int i = 0; i < 500; i++) {
            assertThat(router.route("local:hot", 2)).isInstanceOf(RoutingDecision.Routed.class);
        }
        assertThat(router.arcsOf("local:hot", 2).unreservedInFlight()).isEqualTo(498);
    }

    @Test
    void widensTheArcWithConcurrencyAndShrinksItBack() {
        var held = new ArrayList<RoutingDecision.Routed>();
        for (int i = 0; i < 35; i++) {
            held.add(routed(router.route("local:busy", 0)));
        }
        assertThat(held.getLast().arc()).hasSize(4);
        assertThat(held.stream()
                        .map(RoutingDecision.Routed::instance)
                        .distinct()
                        .count())
                .isGreaterThan(1);
        // Every call stayed inside the widest arc, which extends every narrower one.
        var widest = held.getLast().arc();
        held.forEach(r -> assertThat(widest).contains(r.instance()));

        held.forEach(r -> r.lease().release());
        assertThat(router.arcsOf("local:busy", 0).unreservedArc()).hasSize(1);
        assertThat(router.inFlightByInstance().values()).allMatch(count -> count == 0);
    }

    @Test
    void spreadsConcurrentCallsByLoadWithinTheArc() {
        var held = new ArrayList<RoutingDecision.Routed>();
        for (int i = 0; i < 40; i++) {
            held.add(routed(router.route("local:busy", 0)));
        }
        var arc = held.getLast().arc();
        var loads = arc.stream().map(router::inFlightOn).toList();
        // 40 calls over an arc of 4: no instance takes more than twice its share.
        assertThat(loads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(loads).allMatch(load -> load <= 20);
    }

    @Test
    void boundsTheBusiestInstanceByPassingUnreservedCallsBeyondTheirArc() {
        var bounded = new ArcRouter(64, 10, 1.1, seed::split);
        bounded.updateMembership(TEN);
        for (int i = 0; i < 300; i++) {
            routed(bounded.route("local:everywhere", 0));
        }
        var busy = new ArrayList<RoutingDecision.Routed>();
        for (int i = 0; i < 40; i++) {
            busy.add(routed(bounded.route("local:busy", 0)));
        }
        // 340 calls on 10 instances: none above 1.1 times the mean of 34.
        int capacity = (int) Math.ceil(1.1 * 34);
        assertThat(bounded.inFlightByInstance().values()).allMatch(count -> count <= capacity);
        var arc = bounded.arcsOf("local:busy", 0).unreservedArc();
        assertThat(arc).hasSize(4);
        assertThat(busy).anyMatch(call -> !arc.contains(call.instance()));
        // A call passed beyond its arc says how far it went: the arc up to its instance.
        assertThat(busy).allMatch(call -> call.arc().contains(call.instance()));
    }

    @Test
    void neverMovesAReservedCallOffItsReservedArc() {
        var bounded = new ArcRouter(64, 10, 1.1, seed::split);
        bounded.updateMembership(TEN);
        for (int i = 0; i < 300; i++) {
            routed(bounded.route("local:everywhere", 0));
        }
        var reservedArc = bounded.arcsOf("local:hot", 40).reservedArc();
        for (int i = 0; i < 40; i++) {
            var call = routed(bounded.route("local:hot", 40));
            assertThat(call.kind()).isEqualTo(ArcKind.RESERVED);
            assertThat(reservedArc).contains(call.instance());
        }
    }

    @Test
    void releasingALeaseTwiceCountsOnce() {
        var first = routed(router.route("local:hello", 0));
        var second = routed(router.route("local:hello", 0));
        first.lease().release();
        first.lease().release();
        assertThat(router.inFlightOn(second.instance())).isEqualTo(1);
    }

    @Test
    void routesAwayFromAnInstanceThatLeftAndBackWhenItReturns() {
        var home = routed(router.route("local:hello", 0));
        home.lease().release();
        var without = new ArrayList<>(TEN);
        without.remove(home.instance());
        router.updateMembership(without);
        var moved = routed(router.route("local:hello", 0));
        assertThat(moved.instance()).isNotEqualTo(home.instance());
        moved.lease().release();

        router.updateMembership(TEN);
        assertThat(routed(router.route("local:hello", 0)).instance()).isEqualTo(home.instance());
    }

    @Test
    void countsStayTrueUnderConcurrentCalls() throws Exception {
        try (var threads = Executors.newFixedThreadPool(8)) {
            var tasks = IntStream.range(0, 8)
                    .mapToObj(t -> threads.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            var decision = routed(router.route("local:fn-" + (i % 13), i % 3));
                            decision.lease().release();
                        }
                    }))
                    .toList();
            for (var task : tasks) {
                task.get();
            }
        }
        assertThat(router.inFlightByInstance().values()).allMatch(count -> count == 0);
        assertThat(router.arcsOf("local:fn-1", 2).reservedInFlight()).isZero();
        assertThat(router.arcsOf("local:fn-1", 2).unreservedInFlight()).isZero();
    }

    private static RoutingDecision.Routed routed(RoutingDecision decision) {
        assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
        return (RoutingDecision.Routed) decision;
    }
}
