package dev.arclight.placement.container;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 */
@Validated
@ConfigurationProperties("arclight.placement.keep-alive")
public record KeepAliveProperties(
        @DefaultValue("arclight") @NotNull @Pattern(regexp = "arclight|fixed")
        String policy,

        @DefaultValue("1m") @NotNull Duration minWindow,
        @DefaultValue("4h") @NotNull Duration maxWindow,
        @DefaultValue("1m") @NotNull Duration stateInterval) {

    public KeepAliveProperties {
        if (minWindow != null && maxWindow != null && (minWindow.isNegative() || maxWindow.compareTo(minWindow) < 0)) {
            throw new IllegalArgumentException("arclight.placement.keep-alive needs 0 <= min-window <= max-window, was "
                    + minWindow + ", " + maxWindow);
        }
        if (stateInterval != null && !stateInterval.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.keep-alive.state-interval must be positive");
        }
    }

    public boolean learnt() {
        return "arclight".equals(policy);
    }
}
