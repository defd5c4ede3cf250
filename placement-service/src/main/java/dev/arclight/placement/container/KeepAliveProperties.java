package dev.arclight.placement.container;

import dev.arclight.keepalive.HistoryRetention;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which keep-alive policy chooses the windows of idle containers and empty tenant VMs.
 *
 * @param policy {@code arclight} (learnt per function version and per tenant) or {@code fixed}
 *     (the fixed {@code arclight.placement.containers.keep-alive} and {@code vm-keep-alive}, for
 *     comparison)
 * @param minWindow the learnt policy keeps an idle container or empty VM at least this long
 * @param maxWindow and never longer than this (the policy's histogram knows nothing beyond 4 h)
 * @param stateInterval how often the learnt policy's state is written to PostgreSQL (and on
 *     shutdown)
 * @param forgetAfter the learnt policy forgets a function version (or tenant) not invoked for this
 *     long
 * @param maxFunctions and tracks at most this many per policy, the least recently invoked dropped
 *     first (each under 1 KB of state)
 */
@Validated
@ConfigurationProperties("arclight.placement.keep-alive")
public record KeepAliveProperties(
        @DefaultValue("arclight") @NotNull @Pattern(regexp = "arclight|fixed")
        String policy,

        @DefaultValue("1m") @NotNull Duration minWindow,
        @DefaultValue("4h") @NotNull Duration maxWindow,
        @DefaultValue("1m") @NotNull Duration stateInterval,
        @DefaultValue("7d") @NotNull Duration forgetAfter,
        @DefaultValue("20000") @Positive int maxFunctions) {

    public KeepAliveProperties {
        if (minWindow != null && maxWindow != null && (minWindow.isNegative() || maxWindow.compareTo(minWindow) < 0)) {
            throw new IllegalArgumentException("arclight.placement.keep-alive needs 0 <= min-window <= max-window, was "
                    + minWindow + ", " + maxWindow);
        }
        if (stateInterval != null && !stateInterval.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.keep-alive.state-interval must be positive");
        }
        if (forgetAfter != null && !forgetAfter.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.keep-alive.forget-after must be positive");
        }
    }

    /** How much the learnt policies remember. */
    public HistoryRetention retention() {
        return new HistoryRetention(forgetAfter, maxFunctions);
    }

    public boolean learnt() {
        return "arclight".equals(policy);
    }
}
