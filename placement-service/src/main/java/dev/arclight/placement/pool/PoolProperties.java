package dev.arclight.placement.pool;

import dev.arclight.contracts.invocation.TimeoutBudget;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where this instance claims warm VMs and how long it waits for one. A claim is only worth making
 * while it is much faster than a boot, so its whole time (connect included) is bounded by {@code
 * claimTimeout}: a pool that is down, slow or out of VMs costs a call at most that much before
 * placement boots a VM itself.
 *
 * @param enabled whether to ask the pool at all; off, every new VM is booted by placement
 * @param url pool-service's base URL
 * @param claimTimeout the most a claim may take, connection included, before placement boots
 */
@Validated
@ConfigurationProperties("arclight.placement.pool")
public record PoolProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:8082") @NotNull URI url,
        @DefaultValue("2s") @NotNull Duration claimTimeout) {

    /** How long a timed-out claim's answer is still awaited, so that a VM it brings can be given back. */
    public static final Duration LATE_ANSWER = Duration.ofSeconds(30);

    public PoolProperties {
        if (claimTimeout != null && !claimTimeout.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.pool.claim-timeout must be positive");
        }
        // A missed claim comes before the boot, inside the hop the gateway allows above placement's
        // worst case (TimeoutBudget): longer, and the gateway could give up on a cold call first.
        var hop = TimeoutBudget.DEFAULT.hop();
        if (claimTimeout != null && claimTimeout.compareTo(hop) >= 0) {
            throw new IllegalArgumentException("arclight.placement.pool.claim-timeout must be under " + hop.toSeconds()
                    + "s, the time budget's hop, which a missed claim spends before the boot");
        }
    }

    /** The longest a claim goes on after it was asked for: its timeout, then its late answer. */
    public Duration claimLifetime() {
        return claimTimeout.plus(LATE_ANSWER);
    }
}
