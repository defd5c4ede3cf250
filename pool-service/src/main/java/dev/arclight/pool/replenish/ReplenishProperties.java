package dev.arclight.pool.replenish;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The replenishment loop.
 *
 * @param enabled whether this instance runs the loop (claims are served either way)
 * @param interval pause between two rounds
 * @param workerStaleness a worker not heard from for this long is lost: its pooled VMs are
 *     written off and replaced elsewhere (workers report every 5 s)
 * @param maxWarmAge a VM warm for this long is retired and replaced
 * @param bootTimeout a VM booting for this long (its booting instance died, or the worker hangs) is
 *     retired; must exceed the worker-call boot timeout
 * @param workerReserveMib memory left free on every worker for tenants' VMs and the host
 * @param maxBootsPerWorker VMs booting at once on one worker (a 2-core TCG host boots one well)
 * @param bootFailureBackoff a worker whose boot failed gets no boots for this long
 * @param claimRetention how long claimed VMs stay in the books for the claim rate
 * @param reportLag how long before a capacity report arrives it may have been measured (publish
 *     interval plus Kafka delay): VMs that changed within it are counted against the worker's room
 *     even if the report does not show them
 * @param start {@code restore} (from the worker's template snapshot when it has one) or {@code boot}
 */
@Validated
@ConfigurationProperties("arclight.pool.replenish")
public record ReplenishProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") @NotNull Duration interval,
        @DefaultValue("30s") @NotNull Duration workerStaleness,
        @DefaultValue("1h") @NotNull Duration maxWarmAge,
        @DefaultValue("5m") @NotNull Duration bootTimeout,
        @DefaultValue("2048") @Min(0) long workerReserveMib,
        @DefaultValue("1") @Min(1) @Max(64) int maxBootsPerWorker,
        @DefaultValue("30s") @NotNull Duration bootFailureBackoff,
        @DefaultValue("10m") @NotNull Duration claimRetention,
        @DefaultValue("10s") @NotNull Duration reportLag,

        @DefaultValue("restore") @Pattern(regexp = "restore|boot")
        String start) {

    public ReplenishProperties {
        if (claimRetention != null && claimRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("arclight.pool.replenish.claim-retention must be at least 1m");
        }
    }
}
