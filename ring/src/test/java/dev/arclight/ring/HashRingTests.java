package dev.arclight.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HashRingTests {

    private static final List<String> TEN =
            IntStream.range(0, 10).mapToObj(i -> "placement-" + i).toList();
    private static final List<String> FUNCTIONS = IntStream.range(0, 5_000)
            .mapToObj(i -> "tenant-" + (i % 7) + ":fn-" + i)
            .toList();

    @Test
    void anEmptyRingHasEmptyArcs() {
        assertThat(HashRing.of(List.of(), 16).arc(42, 3)).isEmpty();
    }

    @Test
    void anArcHoldsDistinctInstancesUpToTheRingSize() {
        var ring = HashRing.of(TEN, 64);
        for (var function : FUNCTIONS.subList(0, 200)) {
            for (int width = 1; width <= 12; width++) {
                var arc = ring.arc(HashRing.point(function), width);
                assertThat(arc).doesNotHaveDuplicates().hasSize(Math.min(width, 10));
                assertThat(TEN).containsAll(arc);
            }
        }
    }

    @Test
    void aWiderArcExtendsTheNarrowerOne() {
        var ring = HashRing.of(TEN, 64);
        for (var function : FUNCTIONS.subList(0, 200)) {
            var point = HashRing.point(function);
            for (int width = 1; width < 10; width++) {
                assertThat(ring.arc(point, width + 1))
                        .startsWith(ring.arc(point, width).toArray(String[]::new));
            }
        }
    }

    @Test
    void dependsOnlyOnTheSetOfInstancesNotTheirOrder() {
        var shuffled = new ArrayList<>(TEN);
        Collections.shuffle(shuffled, new Random(7));
        var a = HashRing.of(TEN, 32);
        var b = HashRing.of(shuffled, 32);
        var c = HashRing.of(List.of(), 32);
        for (var instance : shuffled) {
            c = c.with(instance);
        }
        for (var function : FUNCTIONS.subList(0, 500)) {
            var point = HashRing.point(function);
            assertThat(b.arc(point, 3)).isEqualTo(a.arc(point, 3));
            assertThat(c.arc(point, 3)).isEqualTo(a.arc(point, 3));
        }
    }

    @Test
    void aJoiningInstanceMovesOnlyArcsThatNowMeetIt() {
        var before = HashRing.of(TEN, 64);
        var after = before.with("placement-new");
        int moved = 0;
        for (var function : FUNCTIONS) {
            var point = HashRing.point(function);
            var old = before.arc(point, 2);
            var now = after.arc(point, 2);
            if (!now.contains("placement-new")) {
                assertThat(now).isEqualTo(old);
            } else {
                moved++;
                // What stays is the old arc in order, with the newcomer slotted in.
                assertThat(old)
                        .startsWith(now.stream()
                                .filter(i -> !i.equals("placement-new"))
                                .toArray(String[]::new));
            }
        }
        // Arcs of width 2 on 11 instances: about 2/11 of functions meet the newcomer.
        assertThat(moved / (double) FUNCTIONS.size()).isBetween(0.10, 0.27);
    }

    @Test
    void aLeavingInstanceMovesOnlyArcsThatCrossedIt() {
        var before = HashRing.of(TEN, 64);
        var after = before.without("placement-3");
        int moved = 0;
        for (var function : FUNCTIONS) {
            var point = HashRing.point(function);
            var old = before.arc(point, 3);
            var now = after.arc(point, 3);
            if (!old.contains("placement-3")) {
                assertThat(now).isEqualTo(old);
            } else {
                moved++;
                assertThat(now).doesNotContain("placement-3");
                assertThat(now)
                        .containsAll(old.stream()
                                .filter(i -> !i.equals("placement-3"))
                                .toList());
            }
        }
        assertThat(moved / (double) FUNCTIONS.size()).isBetween(0.20, 0.40);
    }

    @Test
    void spreadsFunctionsEvenlyWithEnoughVirtualNodes() {
        var ring = HashRing.of(TEN, 128);
        var load = new HashMap<String, Integer>();
        for (var function : FUNCTIONS) {
            load.merge(ring.arc(HashRing.point(function), 1).getFirst(), 1, Integer::sum);
        }
        double mean = FUNCTIONS.size() / 10.0;
        assertThat(load).hasSize(10);
        assertThat(Collections.max(load.values()) / mean).isLessThan(1.25);
        assertThat(Collections.min(load.values()) / mean).isGreaterThan(0.75);
    }

    @Test
    void hashesAreFixedValuesEveryGatewayAgreesOn() {
        // Pinned: gateways of different versions must compute the same points, and a change here
        // would move every function to another arc at the next deploy.
        assertThat(HashRing.point("")).isEqualTo(-780787492076525413L);
        assertThat(HashRing.point("local:hello")).isEqualTo(-8405683922138381596L);
        assertThat(HashRing.point("placement-0#0")).isEqualTo(-2786320257487180854L);
    }

    @Test
    void rejectsARingWithoutVirtualNodes() {
        assertThatThrownBy(() -> HashRing.of(TEN, 0)).hasMessageContaining("virtualNodes");
    }
}
