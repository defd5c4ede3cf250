package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.pool.replenish.SubPoolTargets.SubPoolDemand;
import dev.arclight.pool.subpool.SubPoolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimRateTargetsTests {

    private final ClaimRateTargets targets = new ClaimRateTargets();

    @Test
    void withoutClaimsTheTargetIsTheMinSize() {
        assertThat(targets.target(new SubPoolDemand(subPool(2, 5), 0))).isEqualTo(2);
    }

    @Test
    void eachClaimOfTheLastMinuteAddsOneVm() {
        assertThat(targets.target(new SubPoolDemand(subPool(1, 5), 2))).isEqualTo(3);
    }

    @Test
    void theTargetNeverExceedsTheMaxSize() {
        assertThat(targets.target(new SubPoolDemand(subPool(1, 3), 50))).isEqualTo(3);
        assertThat(targets.target(new SubPoolDemand(subPool(1, 3), Integer.MAX_VALUE)))
                .isEqualTo(3);
    }

    @Test
    void aNegativeCountIsTreatedAsNone() {
        assertThat(targets.target(new SubPoolDemand(subPool(1, 3), -4))).isEqualTo(1);
    }

    @Test
    void aSubPoolWithMaxZeroAimsAtNothing() {
        assertThat(targets.target(new SubPoolDemand(subPool(0, 0), 10))).isZero();
    }

    private static SubPoolDefinition subPool(int min, int max) {
        return new SubPoolDefinition("sp", List.of("python3.11"), 512, 2048, null, min, max);
    }
}
