package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProvisionedShareTests {

    private static final ArcRule RULE = new ArcRule(10);
    private static final List<String> MEMBERS = List.of("placement-1", "placement-2", "placement-3");

    private final ContainerSpec v1 = ContainerPoolTests.spec("acme", "app", 128);
    private final ContainerSpec v2 = ContainerPoolTests.spec("acme", "app", 128);

    private static ProvisionedShare of(String self) {
        return new ProvisionedShare(RULE, 128, self);
    }

    private static int total(Map<ContainerKey, ProvisionedTarget> targets, ContainerKey key) {
        var target = targets.get(key);
        return target == null ? 0 : target.count();
    }

    @Test
    void givesTheInstancesTogetherExactlyWhatEachVersionAsksFor() {
        for (int provisioned = 1; provisioned <= 45; provisioned++) {
            var demand = List.of(new FunctionDemand(
                    "acme", "app", List.of(new ProvisionedTarget(v1, provisioned), new ProvisionedTarget(v2, 3))));
            int first = 0;
            int second = 0;
            for (var member : MEMBERS) {
                var mine = of(member).of(demand, MEMBERS);
                first += total(mine, v1.key());
                second += total(mine, v2.key());
            }
            assertThat(first).as("version 1 with %d", provisioned).isEqualTo(provisioned);
            assertThat(second).as("version 2 with %d", provisioned).isEqualTo(3);
        }
    }

    @Test
    void keepsEverythingOnTheOnlyMemberOfANarrowArc() {
        var demand = List.of(new FunctionDemand("acme", "app", List.of(new ProvisionedTarget(v1, 2))));
        var arc = RULE.reservedArc(HashRing.of(MEMBERS, 128), "acme:app", 2);
        assertThat(arc).hasSize(1);
        for (var member : MEMBERS) {
            int expected = member.equals(arc.getFirst()) ? 2 : 0;
            assertThat(total(of(member).of(demand, MEMBERS), v1.key())).isEqualTo(expected);
        }
    }

    @Test
    void splitsAWideArcEvenlyWithTheRemainderOnItsFirstMembers() {
        var demand = List.of(new FunctionDemand("acme", "app", List.of(new ProvisionedTarget(v1, 25))));
        var arc = RULE.reservedArc(HashRing.of(MEMBERS, 128), "acme:app", 25);
        assertThat(arc).hasSize(3);
        assertThat(IntStream.range(0, 3)
                        .map(i -> total(of(arc.get(i)).of(demand, MEMBERS), v1.key()))
                        .toArray())
                .containsExactly(9, 8, 8);
    }

    @Test
    void takesOverTheShareOfAMemberThatLeft() {
        var demand = List.of(new FunctionDemand("acme", "app", List.of(new ProvisionedTarget(v1, 2))));
        var home = RULE.reservedArc(HashRing.of(MEMBERS, 128), "acme:app", 2).getFirst();
        var remaining = MEMBERS.stream().filter(m -> !m.equals(home)).toList();
        int total = 0;
        for (var member : remaining) {
            total += total(of(member).of(demand, remaining), v1.key());
        }
        assertThat(total).isEqualTo(2);
    }

    @Test
    void keepsAllOfItWhenAlone() {
        var demand = List.of(new FunctionDemand("acme", "app", List.of(new ProvisionedTarget(v1, 30))));
        assertThat(total(of("solo").of(demand, List.of("solo")), v1.key())).isEqualTo(30);
    }
}
