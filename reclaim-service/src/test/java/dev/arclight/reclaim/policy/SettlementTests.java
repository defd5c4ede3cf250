package dev.arclight.reclaim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettlementTests {

    static final Instant APPLIED = Instant.parse("2026-12-02T01:00:00Z");
    final Settlement settlement = new Settlement(8, Duration.ofSeconds(10));

    @Test
    void aShrinkIsDoneOnceTheBalloonReachesItsTarget() {
        assertThat(settlement.judge(Direction.SHRINK, 144, APPLIED, at(150, 3)))
                .contains(new Settlement.Settled("DONE", 150));
    }

    @Test
    void aShrinkTheGuestHasNotFinishedIsWaitedFor() {
        assertThat(settlement.judge(Direction.SHRINK, 144, APPLIED, at(300, 5))).isEmpty();
    }

    @Test
    void aShrinkTheGuestDidNotFinishInTimeIsPartialWithWhatItGaveBack() {
        assertThat(settlement.judge(Direction.SHRINK, 144, APPLIED, at(300, 10)))
                .contains(new Settlement.Settled("PARTIAL", 300));
    }

    @Test
    void aSampleFromBeforeTheResizeSaysNothing() {
        assertThat(settlement.judge(Direction.SHRINK, 144, APPLIED, at(144, -1)))
                .isEmpty();
    }

    @Test
    void aGrowIsDoneOnceTheBalloonIsUpToItsTarget() {
        assertThat(settlement.judge(Direction.GROW, 512, APPLIED, at(510, 1)))
                .isEqualTo(Optional.of(new Settlement.Settled("DONE", 510)));
        assertThat(settlement.judge(Direction.GROW, 512, APPLIED, at(300, 1))).isEmpty();
    }

    private static VmUtilization at(long balloon, int secondsAfter) {
        return new VmUtilization(
                "vm-1", "w1", "t", 512, balloon, 50, 50, List.of(), null, 0, APPLIED.plusSeconds(secondsAfter));
    }
}
