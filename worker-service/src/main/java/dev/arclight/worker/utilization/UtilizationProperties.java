package dev.arclight.worker.utilization;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param utilizationInterval how often every VM's utilization is published, besides on each
 *     container state change and when a balloon reaches a new target
 * @param balloonWatchInterval how often the balloon of a VM just resized is read until it reaches
 *     its target ({@link BalloonWatch})
 * @param balloonWatchLimit how long a balloon is watched at most; then one sample shows where it got
 */
@ConfigurationProperties("arclight.worker")
public record UtilizationProperties(
        @DefaultValue("5s") Duration utilizationInterval,
        @DefaultValue("200ms") Duration balloonWatchInterval,
        @DefaultValue("20s") Duration balloonWatchLimit) {

    public UtilizationProperties {
        if (utilizationInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.worker.utilization-interval must be at least 100ms, was " + utilizationInterval);
        }
        if (balloonWatchInterval.compareTo(Duration.ofMillis(50)) < 0) {
            throw new IllegalArgumentException(
                    "arclight.worker.balloon-watch-interval must be at least 50ms, was " + balloonWatchInterval);
        }
        if (balloonWatchLimit.compareTo(balloonWatchInterval) < 0) {
            throw new IllegalArgumentException("arclight.worker.balloon-watch-limit (" + balloonWatchLimit
                    + ") must not be below arclight.worker.balloon-watch-interval (" + balloonWatchInterval + ")");
        }
    }
}
