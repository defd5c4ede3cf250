package dev.arclight.gateway.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementMembershipTests {

    private static final PlacementInstance A = instance("a", 1);
    private static final PlacementInstance B = instance("b", 2);
    private static final PlacementInstance C = instance("c", 3);

    private final PlacementMembership membership = new PlacementMembership(3);

    @Test
    void newInstancesJoinTheRingUncheckedButAreNotRoutableUntilACheckPasses() {
        assertThat(membership.sync(List.of(A, B))).isTrue();
        assertThat(membership.healthyNames()).containsExactly("a", "b");
        assertThat(membership.routable()).isEmpty();
        assertThat(membership.toProbe()).containsExactly(A, B);
        assertThat(membership.sync(List.of(A, B))).isFalse();

        assertThat(membership.passed("a")).isFalse();
        assertThat(membership.routable()).containsExactly("a");
        assertThat(membership.toProbe()).containsExactly(B);
    }

    @Test
    void anInstanceThatNeverCameUpIsDownAfterTheThresholdAndProbedUntilItPasses() {
        membership.sync(List.of(A));
        membership.failed("a", "refused");
        membership.failed("a", "refused");
        assertThat(membership.members().getFirst().health()).isInstanceOf(PlacementMembership.Health.Unchecked.class);
        assertThat(membership.failed("a", "refused")).isTrue();
        assertThat(membership.members().getFirst().health()).isInstanceOf(PlacementMembership.Health.Down.class);
        assertThat(membership.toProbe()).containsExactly(A);

        assertThat(membership.passed("a")).isTrue();
        assertThat(membership.routable()).containsExactly("a");
        assertThat(membership.toProbe()).isEmpty();
    }

    @Test
    void aFailingInstanceStillInTheRingIsLeftToTheRegularRounds() {
        membership.sync(List.of(A));
        membership.passed("a");
        membership.failed("a", "slow");
        assertThat(membership.members().getFirst().health()).isInstanceOf(PlacementMembership.Health.Failing.class);
        assertThat(membership.healthyNames()).containsExactly("a");
        assertThat(membership.toProbe()).isEmpty();
        assertThat(membership.routable()).isEmpty();
    }

    @Test
    void anInstanceLeavesOnlyAfterTheThresholdOfConsecutiveFailures() {
        membership.sync(List.of(A, B));
        assertThat(membership.failed("b", "refused")).isFalse();
        assertThat(membership.failed("b", "refused")).isFalse();
        assertThat(membership.healthyNames()).containsExactly("a", "b");

        assertThat(membership.failed("b", "refused")).isTrue();
        assertThat(membership.healthyNames()).containsExactly("a");
        assertThat(membership.failed("b", "refused")).isFalse();
        assertThat(membership.members())
                .filteredOn(m -> m.instance().name().equals("b"))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.consecutiveFailures()).isEqualTo(4);
                    assertThat(b.lastFailure()).isEqualTo("refused");
                });
    }

    @Test
    void aPassingCheckResetsTheCountAndBringsAnInstanceBack() {
        membership.sync(List.of(A, B));
        membership.failed("b", "x");
        membership.failed("b", "x");
        assertThat(membership.passed("b")).isFalse();
        membership.failed("b", "x");
        membership.failed("b", "x");
        assertThat(membership.healthyNames()).contains("b");

        membership.failed("b", "x");
        assertThat(membership.healthyNames()).doesNotContain("b");
        assertThat(membership.passed("b")).isTrue();
        assertThat(membership.healthyNames()).containsExactly("a", "b");
    }

    @Test
    void syncForgetsMissingInstancesAndKeepsTheHealthOfKnownOnes() {
        membership.sync(List.of(A, B));
        for (int i = 0; i < 3; i++) {
            membership.failed("b", "x");
        }
        var movedB = instance("b", 9);
        assertThat(membership.sync(List.of(movedB, C))).isTrue();

        assertThat(membership.healthyNames()).containsExactly("c");
        assertThat(membership.instance("b")).contains(movedB);
        assertThat(membership.instance("a")).isEmpty();
    }

    @Test
    void ignoresChecksOfUnknownInstances() {
        assertThat(membership.passed("ghost")).isFalse();
        assertThat(membership.failed("ghost", "x")).isFalse();
        assertThat(membership.members()).isEmpty();
    }

    @Test
    void rejectsAThresholdBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PlacementMembership(0));
    }

    private static PlacementInstance instance(String name, int port) {
        return new PlacementInstance(name, URI.create("http://localhost:" + port));
    }
}
