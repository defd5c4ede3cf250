package dev.arclight.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryCatchUpTests {

    @Test
    void anEmptyTopicIsCaughtUpBeforeAnythingIsRead() {
        assertThat(RegistryCatchUp.caughtUp(Map.of(0, 0L, 1, 0L), Map.of())).isTrue();
    }

    @Test
    void aPartitionWithRecordsAndNothingReadIsNotCaughtUp() {
        assertThat(RegistryCatchUp.caughtUp(Map.of(0, 0L, 1, 3L), Map.of())).isFalse();
    }

    @Test
    void everyPartitionMustReachItsEnd() {
        assertThat(RegistryCatchUp.caughtUp(Map.of(0, 5L, 1, 3L), Map.of(0, 5L, 1, 2L)))
                .isFalse();
        assertThat(RegistryCatchUp.caughtUp(Map.of(0, 5L, 1, 3L), Map.of(0, 5L, 1, 3L)))
                .isTrue();
    }

    @Test
    void readingPastTheEndAskedForStillCounts() {
        assertThat(RegistryCatchUp.caughtUp(Map.of(0, 5L), Map.of(0, 9L))).isTrue();
    }
}
