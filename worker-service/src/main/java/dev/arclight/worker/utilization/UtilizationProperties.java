package dev.arclight.worker.utilization;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param utilizationInterval how often every VM's utilization is published, besides on each
 *     container state change
 */
@ConfigurationProperties("arclight.worker")
public record UtilizationProperties(@DefaultValue("5s") Duration utilizationInterval) {

    public UtilizationProperties {
        if (utilizationInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.worker.utilization-interval must be at least 100ms, was " + utilizationInterval);
        }
    }
}
