package dev.arclight.reclaim;

import dev.arclight.reclaim.policy.PolicySettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param sampleRetention how long utilization samples are kept
 * @param samplePruneInterval how often older samples are deleted
 * @param window how far back the samples a decision is made from reach
 * @param policy the resize policy's numbers ({@link PolicySettings})
 * @param confirmWithin how long the guest has to reach a resize's target before it is partial
 * @param toleranceMib how close to the target counts as reached
 * @param decisionTtl a decision not sent within this is expired instead: its evidence is stale
 * @param claimLease how long an instance holds a decision it is sending
 * @param sweepInterval how often pending decisions are looked for and sent
 * @param worker how the worker API is called
 */
@Validated
@ConfigurationProperties("arclight.reclaim")
public record ReclaimProperties(
        @NotNull Duration sampleRetention,
        @NotNull Duration samplePruneInterval,
        @NotNull Duration window,
        @NotNull @Valid Policy policy,
        @NotNull Duration confirmWithin,
        @PositiveOrZero long toleranceMib,
        @NotNull Duration decisionTtl,
        @NotNull Duration claimLease,
        @NotNull Duration sweepInterval,
        @NotNull @Valid Worker worker) {

    public ReclaimProperties {
        if (sampleRetention != null && sampleRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.reclaim.sample-retention must be at least 1m, was " + sampleRetention);
        }
        if (sampleRetention != null && window != null && window.compareTo(sampleRetention) > 0) {
            throw new IllegalArgumentException("arclight.reclaim.window must not exceed the sample retention");
        }
    }

    /** See {@link PolicySettings}. */
    public record Policy(
            @NotNull Duration idleAfter,
            @PositiveOrZero long headroomMib,
            long floorMib,
            long minStepMib,
            int minSamples,
            @NotNull Duration observation,
            @NotNull Duration cooldown,
            @NotNull Duration maxCooldown) {

        public PolicySettings settings() {
            return new PolicySettings(
                    idleAfter, headroomMib, floorMib, minStepMib, minSamples, observation, cooldown, maxCooldown);
        }
    }

    /**
     * @param connectTimeout to a worker's API
     * @param requestTimeout of one resize command (the worker answers once the target is set)
     */
    public record Worker(
            @NotNull Duration connectTimeout, @NotNull Duration requestTimeout) {}
}
