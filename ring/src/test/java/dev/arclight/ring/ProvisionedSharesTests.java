package dev.arclight.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProvisionedSharesTests {

    private static final List<String> NAMES =
            IntStream.range(1, 8).mapToObj(i -> "placement-" + i).toList();
    private static final List<String> FUNCTIONS =
            IntStream.range(0, 300).mapToObj(i -> "t:fn-" + i).toList();

    private final ArcRule rule = new ArcRule(10);

    @Test
    void givesTheFirstMembersOfTheArcTheRemainder() {
        assertThat(ProvisionedShares.split(List.of("a", "b", "c"), 7))
                .containsExactly(java.util.Map.entry("a", 3), java.util.Map.entry("b", 2), java.util.Map.entry("c", 2));
        assertThat(ProvisionedShares.split(List.of("a", "b", "c"), 2))
                .containsExactly(java.util.Map.entry("a", 1), java.util.Map.entry("b", 1), java.util.Map.entry("c", 0));
    }

    @Test
    void dealsConsecutiveRunsThatCoverEveryExecutionOnce() {
        var arc = List.of("a", "b", "c");
        assertThat(ProvisionedShares.shareOf(arc, 7, "a")).isEqualTo(new ProvisionedShares.Share(0, 3));
        assertThat(ProvisionedShares.shareOf(arc, 7, "b")).isEqualTo(new ProvisionedShares.Share(3, 2));
        assertThat(ProvisionedShares.shareOf(arc, 7, "c")).isEqualTo(new ProvisionedShares.Share(5, 2));
    }

    @Test
    void givesAMemberOutsideTheArcNothing() {
        assertThat(ProvisionedShares.shareOf(List.of("a", "b"), 9, "z").count()).isZero();
        assertThat(ProvisionedShares.shareOf(List.of("a", "b"), 0, "a").count()).isZero();
    }

    @Test
    void addsUpToTheProvisionedCountOnEveryRing() {
        for (int members = 1; members <= NAMES.size(); members++) {
            var ring = HashRing.of(NAMES.subList(0, members), 128);
            for (var function : FUNCTIONS) {
                int provisioned = function.hashCode() & 63;
                var arc = rule.reservedArc(ring, function, provisioned);
                int total = 0;
                for (var member : ring.instances()) {
                    total += ProvisionedShares.shareOf(arc, provisioned, member).count();
                }
                assertThat(total).as("%s with %d members", function, members).isEqualTo(provisioned);
            }
        }
    }

    @Test
    void movesALeavingMembersShareOntoTheMembersThatRemain() {
        var before = HashRing.of(NAMES, 128);
        var after = before.without("placement-3");
        for (var function : FUNCTIONS) {
            var oldArc = rule.reservedArc(before, function, 25);
            var newArc = rule.reservedArc(after, function, 25);
            if (!oldArc.contains("placement-3")) {
                assertThat(newArc).isEqualTo(oldArc);
                continue;
            }
            var remaining = new ArrayList<>(oldArc);
            remaining.remove("placement-3");
            // The arc keeps every other member and takes the next one clockwise in its place.
            assertThat(newArc).hasSize(oldArc.size()).containsAll(remaining);
            assertThat(ProvisionedShares.split(newArc, 25).values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(25);
        }
    }

    @Test
    void splitsAShareFurtherByOverlap() {
        var share = new ProvisionedShares.Share(3, 2);
        // Versions of 2 and 5 executions, in a fixed order: numbers 0-1 and 2-6.
        assertThat(share.overlap(0, 2)).isZero();
        assertThat(share.overlap(2, 5)).isEqualTo(2);
        assertThat(new ProvisionedShares.Share(1, 3).overlap(0, 2)).isEqualTo(1);
    }
}
