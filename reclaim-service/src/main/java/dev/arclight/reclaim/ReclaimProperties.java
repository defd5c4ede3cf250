package dev.arclight.reclaim;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param sampleRetention how long utilization samples are kept
 * @param samplePruneInterval how often older samples are deleted
 */
@Validated
@ConfigurationProperties("arclight.reclaim")
public record ReclaimProperties(
        @NotNull Duration sampleRetention, @NotNull Duration samplePruneInterval) {

    public ReclaimProperties {
        if (sampleRetention != null && sampleRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.reclaim.sample-retention must be at least 1m, was " + sampleRetention);
        }
    }
}
