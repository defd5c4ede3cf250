package dev.arclight.gateway.ring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one retry of a call that could not be sent: where it goes and what it holds. */
class ArcRouterRerouteTests {

    private static final List<String> FIVE =
            IntStream.range(0, 5).mapToObj(i -> "placement-" + i).toList();

    private final SplittableRandom seed = new SplittableRandom(7);
    private final ArcRouter router = new ArcRouter(64, 10, seed::split);

    ArcRouterRerouteTests() {
        router.updateMembership(FIVE);
    }

    @Test
    void movesAnUnsentCallToTheNextInstanceClockwise() {
        var first = routed(router.route("t:f", 0));
        var next = routed(router.rerouteAfter(first));

        var clockwise = router.ring().arc(HashRing.point("t:f"), 2);
        assertThat(first.instance()).isEqualTo(clockwise.get(0));
        assertThat(next.instance()).isEqualTo(clockwise.get(1));
        assertThat(next.kind()).isEqualTo(ArcKind.UNRESERVED);
    }

    @Test
    void movesTheInFlightCountWithTheCallAndKeepsItsSlot() {
        var first = routed(router.route("t:f", 0));
        var next = routed(router.rerouteAfter(first));

        assertThat(router.inFlightOn(first.instance())).isZero();
        assertThat(router.inFlightOn(next.instance())).isEqualTo(1);
        assertThat(router.arcsOf("t:f", 0).unreservedInFlight()).isEqualTo(1);

        first.lease().release();
        assertThat(router.inFlightOn(next.instance())).isEqualTo(1);
        next.lease().release();
        assertThat(router.inFlightOn(next.instance())).isZero();
        assertThat(router.arcsOf("t:f", 0).unreservedInFlight()).isZero();
    }

    @Test
    void keepsAReservedCallOnItsReservedArcWhenTheArcHasAnotherMember() {
        // 25 provisioned executions give a reserved arc of 3 instances.
        var first = routed(router.route("t:hot", 25));
        assertThat(first.kind()).isEqualTo(ArcKind.RESERVED);
        var next = routed(router.rerouteAfter(first));

        assertThat(next.kind()).isEqualTo(ArcKind.RESERVED);
        assertThat(next.instance()).isNotEqualTo(first.instance());
        var extended = router.ring().arc(ArcRule.reservedPoint("t:hot"), 4);
        assertThat(extended).contains(next.instance());
        assertThat(router.arcsOf("t:hot", 25).reservedInFlight()).isEqualTo(1);
    }

    @Test
    void answersNoInstanceAndFreesTheSlotWhenNoOtherInstanceExists() {
        var lonely = new ArcRouter(64, 10, seed::split);
        lonely.updateMembership(List.of("only"));
        var first = routed(lonely.route("t:f", 0));

        assertThat(lonely.rerouteAfter(first)).isInstanceOf(RoutingDecision.NoInstance.class);
        assertThat(lonely.inFlightOn("only")).isZero();
        assertThat(lonely.arcsOf("t:f", 0).unreservedInFlight()).isZero();
    }

    @Test
    void startsFromTheArcsBeginningWhenTheFailedInstanceLeftTheRing() {
        var first = routed(router.route("t:f", 0));
        router.updateMembership(
                FIVE.stream().filter(i -> !i.equals(first.instance())).toList());

        var next = routed(router.rerouteAfter(first));
        assertThat(next.instance())
                .isEqualTo(router.ring().arc(HashRing.point("t:f"), 1).getFirst());
    }

    private static RoutingDecision.Routed routed(RoutingDecision decision) {
        assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
        return (RoutingDecision.Routed) decision;
    }
}
