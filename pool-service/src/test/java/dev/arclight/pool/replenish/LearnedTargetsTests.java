package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.pool.replenish.SubPoolTargets.SubPoolDemand;
import dev.arclight.pool.subpool.SubPoolDefinition;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedTargetsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SubPoolDefinition shared = subPool("py", null, 512, 1, 5);
    private final SubPoolDefinition shared1024 = subPool("py-1024", null, 1024, 1, 5);
    private final SubPoolDefinition acme = subPool("py-acme", "acme", 512, 0, 5);
    private final SubPoolDefinition node = new SubPoolDefinition("node", List.of("nodejs18.x"), 512, 2048, null, 1, 5);
    private final LearnedTargets targets =
            new LearnedTargets(clock, Duration.ofSeconds(30), () -> List.of(shared, shared1024, acme, node));

    @Test
    void aSubPoolNeverClaimedFromSitsAtItsMin() {
        assertThat(targets.target(new SubPoolDemand(shared, 50))).isEqualTo(1);
        assertThat(targets.target(new SubPoolDemand(acme, 0))).isZero();
    }

    @Test
    void theTargetRisesOnceAMinuteOfClaimsIsOverAndFallsBackWhenTheyStop() {
        for (int i = 0; i < 20; i++) {
            targets.claimed("py");
        }
        assertThat(targets.target(new SubPoolDemand(shared, 20)))
                .as("the minute is not over")
                .isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        int risen = targets.target(new SubPoolDemand(shared, 0));
        assertThat(risen).isGreaterThan(1);

        clock.advance(Duration.ofHours(2));
        assertThat(targets.target(new SubPoolDemand(shared, 0))).isEqualTo(1);
    }

    @Test
    void theTargetStaysWithinTheSubPoolsMax() {
        for (int i = 0; i < 1000; i++) {
            targets.claimed("py");
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(targets.target(new SubPoolDemand(shared, 0))).isEqualTo(5);
        assertThat(targets.target(new SubPoolDemand(subPool("py", null, 512, 0, 0), 0)))
                .isZero();
    }

    @Test
    void aMissCountsForTheTenantsOwnSubPoolFirstThenTheClosestMemory() {
        targets.missed("acme", "python3.11", 1024);
        targets.missed("globex", "python3.11", 900);
        targets.missed("globex", "java21", 512);
        clock.advance(Duration.ofMinutes(1));

        assertThat(targets.ratePerMinute("py-acme")).isPositive();
        assertThat(targets.ratePerMinute("py-1024")).isPositive();
        assertThat(targets.ratePerMinute("py")).isZero();
        assertThat(targets.ratePerMinute("node")).isZero();
    }

    private static SubPoolDefinition subPool(String id, String tenant, long memoryMib, int min, int max) {
        return new SubPoolDefinition(id, List.of("python3.11"), memoryMib, 2048, tenant, min, max);
    }
}
