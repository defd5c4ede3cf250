package dev.arclight.gateway.membership;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway decides which placement instances are in the ring.
 *
 * @param healthInterval how often every instance's {@code /actuator/health} is asked
 * @param probeInterval how often an instance not checked yet, or out of the ring, is asked, so that a placement that starts after the gateway, or comes back, is in
 *     the ring within this interval rather than within a whole {@code health-interval}
 * @param healthTimeout how long one health check may take before it counts as failed
 * @param failureThreshold consecutive failed checks after which an instance leaves the ring; one
 *     passing check brings it back
 * @param discoveryServiceId when set, instances come from Spring Cloud's {@code DiscoveryClient}
 *     under this service id (Kubernetes: the placement Service's name) instead of {@code
 *     arclight.gateway.placement-instances}
 */
@Validated
@ConfigurationProperties("arclight.gateway.membership")
public record MembershipProperties(
        @NotNull Duration healthInterval,
        @NotNull Duration probeInterval,
        @NotNull Duration healthTimeout,
        int failureThreshold,
        @Nullable String discoveryServiceId) {

    public MembershipProperties {
        if (healthInterval != null && (healthInterval.isNegative() || healthInterval.isZero())) {
            throw new IllegalArgumentException(
                    "arclight.gateway.membership.health-interval must be positive, was " + healthInterval);
        }
        if (probeInterval != null && (probeInterval.isNegative() || probeInterval.isZero())) {
            throw new IllegalArgumentException(
                    "arclight.gateway.membership.probe-interval must be positive, was " + probeInterval);
        }
        if (healthTimeout != null && (healthTimeout.isNegative() || healthTimeout.isZero())) {
            throw new IllegalArgumentException(
                    "arclight.gateway.membership.health-timeout must be positive, was " + healthTimeout);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException(
                    "arclight.gateway.membership.failure-threshold must be at least 1, was " + failureThreshold);
        }
        if (discoveryServiceId != null && discoveryServiceId.isBlank()) {
            discoveryServiceId = null;
        }
    }
}
