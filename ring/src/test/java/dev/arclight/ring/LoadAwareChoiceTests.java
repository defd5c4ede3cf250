package dev.arclight.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadAwareChoiceTests {

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void takesTheOnlyInstanceOfASingleArc() {
        assertThat(LoadAwareChoice.choose(List.of("a"), i -> 99, random)).isEqualTo("a");
    }

    @Test
    void takesTheLessLoadedOfTwo() {
        var loads = Map.of("a", 5, "b", 1);
        for (int i = 0; i < 100; i++) {
            assertThat(LoadAwareChoice.choose(List.of("a", "b"), loads::get, random))
                    .isEqualTo("b");
        }
    }

    @Test
    void breaksTiesTowardTheEarlierInstance() {
        for (int i = 0; i < 100; i++) {
            assertThat(LoadAwareChoice.choose(List.of("a", "b"), x -> 0, random))
                    .isEqualTo("a");
        }
    }

    @Test
    void neverPicksTheMostLoadedOfALargerArc() {
        var arc = List.of("a", "b", "c", "d");
        var loads = Map.of("a", 1, "b", 2, "c", 9, "d", 3);
        for (int i = 0; i < 1_000; i++) {
            assertThat(LoadAwareChoice.choose(arc, loads::get, random)).isNotEqualTo("c");
        }
    }

    @Test
    void rejectsAnEmptyArc() {
        assertThatThrownBy(() -> LoadAwareChoice.choose(List.of(), x -> 0, random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
