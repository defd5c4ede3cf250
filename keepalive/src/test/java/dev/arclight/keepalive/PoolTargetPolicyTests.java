package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolTargetPolicyTests {

    private final MutableClock clock = new MutableClock();
    private final PoolTargetPolicy policy =
            new PoolTargetPolicy(clock, Duration.ofMinutes(1), new PoolTargetPolicy.Bounds(1, 20));

    private void claimsPerMinute(String subPool, int claims, int minutes) {
        for (int m = 0; m < minutes; m++) {
            for (int c = 0; c < claims; c++) {
                policy.claimed(subPool);
            }
            clock.advanceMinutes(1);
        }
    }

    @Test
    void aSubPoolNeverClaimedFromIsAtItsMinimum() {
        assertThat(policy.target("python")).isEqualTo(1);
        assertThat(policy.ratePerMinute("python")).isZero();
    }

    @Test
    void aSteadyRateGivesTheExpectedClaimsPlusTwoStandardDeviations() {
        claimsPerMinute("python", 4, 200);
        assertThat(policy.ratePerMinute("python")).isCloseTo(4, org.assertj.core.data.Offset.offset(0.01));
        // mu = 4 per boot lead of one minute: ceil(4 + 2 * 2) = 8.
        assertThat(policy.target("python")).isEqualTo(8);
    }

    @Test
    void theTargetFallsBackToTheMinimumWhenClaimsStop() {
        claimsPerMinute("python", 4, 60);
        clock.advanceMinutes(400);
        assertThat(policy.target("python")).isEqualTo(1);
    }

    @Test
    void theTargetNeverExceedsTheMaximum() {
        claimsPerMinute("node", 100, 100);
        assertThat(policy.target("node")).isEqualTo(20);
    }

    @Test
    void halfTheRateIsForgottenInTenIdleMinutes() {
        claimsPerMinute("python", 4, 200);
        double before = policy.ratePerMinute("python");
        clock.advanceMinutes(10);
        assertThat(policy.ratePerMinute("python")).isCloseTo(before / 2, org.assertj.core.data.Offset.offset(0.3));
    }

    @Test
    void rejectsBoundsTheWrongWayRoundAndANonPositiveLead() {
        assertThatThrownBy(() -> new PoolTargetPolicy.Bounds(5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoolTargetPolicy(clock, Duration.ZERO, new PoolTargetPolicy.Bounds(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSubPoolNotClaimedFromForFiveHoursIsForgottenAtTheNextClaim() {
        policy.claimed("python");
        clock.advanceMinutes(PoolTargetPolicy.MAX_FOLD - 1);
        policy.target("python");
        policy.claimed("node");
        assertThat(policy.tracked()).isEqualTo(2);
        clock.advanceMinutes(1);
        policy.claimed("node");
        assertThat(policy.tracked()).isEqualTo(1);
        assertThat(policy.ratePerMinute("python")).isZero();
        assertThat(policy.target("python")).isEqualTo(1);
    }

    @Test
    void aSubPoolClaimedFromEveryFewHoursIsKept() {
        for (int i = 0; i < 5; i++) {
            policy.claimed("python");
            clock.advanceMinutes(PoolTargetPolicy.MAX_FOLD - 1);
            policy.claimed("node");
        }
        assertThat(policy.tracked()).isEqualTo(2);
    }
}
