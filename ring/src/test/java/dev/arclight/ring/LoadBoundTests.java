package dev.arclight.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBoundTests {

    private final LoadBound bound = new LoadBound(1.25, 10);

    @Test
    void allowsTheFactorTimesTheMeanLoad() {
        assertThat(bound.capacity(4000.0, 100)).isEqualTo(50.0);
        assertThat(bound.capacity(4000L, 100)).isEqualTo(50);
        assertThat(bound.capacity(4001L, 100)).isEqualTo(51);
    }

    @Test
    void neverBoundsBelowTheFloorSoALightRingKeepsArcsTogether() {
        // 1.25 times the floor of 10: an arc filled to its calls per instance still has room.
        assertThat(bound.capacity(3L, 10)).isEqualTo(13);
        assertThat(bound.capacity(0L, 0)).isEqualTo(13);
    }

    @Test
    void findsTheFirstInstanceClockwiseWithRoom() {
        var loads = Map.of("a", 10.0, "b", 9.5, "c", 3.0);
        var clockwise = List.of("a", "b", "c");
        assertThat(LoadBound.firstWithRoom(clockwise, loads::get, 1, 10)).isEqualTo(2);
        assertThat(LoadBound.firstWithRoom(clockwise, loads::get, 0.5, 10)).isEqualTo(1);
        assertThat(LoadBound.firstWithRoom(clockwise, loads::get, 8, 10)).isEqualTo(-1);
    }

    @Test
    void rejectsAFactorThatLeavesNoRoomAboveTheMean() {
        assertThatThrownBy(() -> new LoadBound(1.0, 10)).hasMessageContaining("greater than 1");
        assertThatThrownBy(() -> new LoadBound(1.25, 0)).hasMessageContaining("floor");
    }
}
