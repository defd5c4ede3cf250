package dev.arclight.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArcRuleTests {

    private static final HashRing TEN =
            HashRing.of(IntStream.range(0, 10).mapToObj(i -> "placement-" + i).toList(), 64);

    private final ArcRule rule = new ArcRule(10);

    @Test
    void widensByOneInstancePerCallsPerInstanceCalls() {
        assertThat(rule.widthFor(0)).isEqualTo(1);
        assertThat(rule.widthFor(1)).isEqualTo(1);
        assertThat(rule.widthFor(10)).isEqualTo(1);
        assertThat(rule.widthFor(11)).isEqualTo(2);
        assertThat(rule.widthFor(25)).isEqualTo(3);
    }

    @Test
    void givesAFunctionWithoutProvisionedConcurrencyNoReservedArc() {
        assertThat(rule.reservedArc(TEN, "local:hello", 0)).isEmpty();
    }

    @Test
    void startsTheReservedArcAtAPointOfItsOwn() {
        var reserved = rule.reservedArc(TEN, "local:hot", 25);
        assertThat(reserved).hasSize(3).isEqualTo(TEN.arc(HashRing.point("local:hot#reserved"), 3));
        assertThat(rule.unreservedArc(TEN, "local:hot", 0)).isEqualTo(TEN.arc(HashRing.point("local:hot"), 1));
    }

    @Test
    void keysAFunctionByTenantAndBareName() {
        assertThat(ArcRule.functionKey("local", "hello")).isEqualTo("local:hello");
        // Pinned: the gateway and every placement instance must find the same reserved arc.
        assertThat(ArcRule.reservedPoint("local:hello")).isEqualTo(HashRing.point("local:hello#reserved"));
    }

    @Test
    void neverSpansMoreInstancesThanTheRingHas() {
        assertThat(rule.reservedArc(HashRing.of(List.of("a", "b"), 16), "t:f", 500))
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void rejectsFewerThanOneCallPerInstance() {
        assertThatThrownBy(() -> new ArcRule(0)).hasMessageContaining("callsPerInstance");
    }
}
