package dev.arclight.worker.capacity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who this worker is and how it announces itself.
 *
 * @param id stable id of this worker (one per KVM host)
 * @param apiUrl where placement, pool and reclaim reach this worker's API
 * @param capacityReportInterval how often the host's capacity is published
 */
@Validated
@ConfigurationProperties("arclight.worker")
public record WorkerProperties(
        @NotBlank String id, @NotNull URI apiUrl, @NotNull Duration capacityReportInterval) {

    public WorkerProperties {
        if (capacityReportInterval != null && capacityReportInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.worker.capacity-report-interval must be at least 100ms, was " + capacityReportInterval);
        }
    }
}
