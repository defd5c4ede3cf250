package dev.arclight.pool.replenish;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How sub-pool targets are chosen.
 *
 * @param targets {@code learned} ({@link LearnedTargets}: the claim rate over the last tens of
 *     minutes, times the lead) or {@code claim-rate} ({@link ClaimRateTargets}: min size plus the
 *     last minute's claims)
 * @param targetLead the learned targets cover the claims expected in this long: about the time a
 *     new pooled VM takes to be warm (a boot is 15-40 s under TCG here, docs/benchmarks.md; a
 *     restore is faster, so this errs on the side of warm VMs)
 */
@Validated
@ConfigurationProperties("arclight.pool")
public record TargetProperties(
        @DefaultValue("learned") @NotNull @Pattern(regexp = "learned|claim-rate")
        String targets,

        @DefaultValue("30s") @NotNull Duration targetLead) {

    public TargetProperties {
        if (targetLead != null && !targetLead.isPositive()) {
            throw new IllegalArgumentException("arclight.pool.target-lead must be positive");
        }
    }

    public boolean learned() {
        return "learned".equals(targets);
    }
}
