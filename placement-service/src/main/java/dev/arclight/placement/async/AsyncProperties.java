package dev.arclight.placement.async;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of asynchronous invocations.
 *
 * @param retries how many times a failed event runs again before it goes to the dead-letter topic
 *     (Lambda's default, 2)
 * @param backoff the wait before each retry: the first before the first retry, and so on; the last
 *     repeats. Lambda waits about 1 min then 2 min; the default here is 1 s then 2 s, since a
 *     waiting event holds its partition (see {@code AsyncEventRunner})
 * @param throttleBackoff the wait before trying a throttled (429) event again; a throttle does not
 *     use up a retry
 * @param maxThrottledWait how long an event may keep being throttled before it is dead-lettered
 * @param groupId the consumer group shared by every placement instance
 * @param consumers consumer threads per instance (each runs one event at a time); 0 for an instance
 *     that accepts events but runs none
 * @param partitions partitions of the topic when placement creates it: the most events that run at
 *     once across all instances
 * @param sendTimeout how long {@code accept} waits for Kafka to acknowledge an event
 * @param maxEventDuration the longest one event may take, retries and waits included, before Kafka
 *     takes its partition away (the consumer's {@code max.poll.interval.ms})
 * @param shutdownGrace how long a stopping instance lets events in progress finish; after that they
 *     are abandoned uncommitted, to run again on another instance
 */
@Validated
@ConfigurationProperties("arclight.placement.async")
public record AsyncProperties(
        @DefaultValue("2") @Min(0) int retries,
        @DefaultValue({"1s", "2s"}) @NotEmpty List<Duration> backoff,
        @DefaultValue("1s") @NotNull Duration throttleBackoff,
        @DefaultValue("2m") @NotNull Duration maxThrottledWait,
        @DefaultValue("arclight-placement-async") @NotNull String groupId,
        @DefaultValue("2") @Min(0) int consumers,
        @DefaultValue("8") @Min(1) int partitions,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("20m") @NotNull Duration maxEventDuration,
        @DefaultValue("30s") @NotNull Duration shutdownGrace) {

    public AsyncProperties {
        backoff = List.copyOf(backoff);
        for (var wait : backoff) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("arclight.placement.async.backoff must not be negative");
            }
        }
        if (throttleBackoff.isNegative() || throttleBackoff.isZero()) {
            throw new IllegalArgumentException("arclight.placement.async.throttle-backoff must be positive");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("arclight.placement.async.send-timeout must be positive");
        }
        if (maxEventDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("arclight.placement.async.max-event-duration must be at least 1s");
        }
    }

    /** The wait before retry number {@code retry} (from 1). */
    public Duration backoffBefore(int retry) {
        return backoff.get(Math.min(retry, backoff.size()) - 1);
    }
}
