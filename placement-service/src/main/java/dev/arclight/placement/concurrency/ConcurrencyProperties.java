package dev.arclight.placement.concurrency;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the concurrency limits.
 *
 * @param accountLimit the concurrent executions a tenant may run across all its functions, as
 *     GetAccountSettings reports it
 * @param tenantLimits a different account limit for some tenants, by tenant name
 * @param instanceId this placement instance's name in the lease table; empty picks a random one
 *     (a restarted instance must not reuse the rows of its previous life)
 * @param heartbeatInterval how often this instance says it is alive
 * @param heartbeatTimeout how long after its last heartbeat an instance's slots stop counting: the
 *     longest a dead instance keeps slots taken
 * @param retryAfter what a throttled caller is told to wait ({@code Retry-After}, whole seconds)
 * @param leaseBatch the most slots of one function an instance leases from PostgreSQL in one round
 *     trip ({@link SlotBudget}); 1 leases single slots
 * @param leaseHold how long leased slots no call used stay with the instance before they go back:
 *     the longest another instance can be refused over slots this one does not use
 * @param exactBelow limits (a reservation, or what an account's reservations leave) below this are
 *     enforced exactly: one round trip per call and per release, nothing held between calls
 */
@Validated
@ConfigurationProperties("arclight.placement.concurrency")
public record ConcurrencyProperties(
        @DefaultValue("1000") @Min(1) int accountLimit,
        @DefaultValue Map<String, Integer> tenantLimits,
        @DefaultValue("") String instanceId,
        @DefaultValue("5s") @NotNull Duration heartbeatInterval,
        @DefaultValue("30s") @NotNull Duration heartbeatTimeout,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("16") @Min(1) int leaseBatch,
        @DefaultValue("1s") @NotNull Duration leaseHold,
        @DefaultValue("50") @Min(0) int exactBelow) {

    public ConcurrencyProperties {
        tenantLimits = tenantLimits == null ? Map.of() : Map.copyOf(tenantLimits);
        tenantLimits.forEach((tenant, limit) -> {
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException(
                        "arclight.placement.concurrency.tenant-limits." + tenant + " must be 1 or more");
            }
        });
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("arclight.placement.concurrency.heartbeat-interval must be positive");
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            // One late heartbeat must not make a live instance look dead.
            throw new IllegalArgumentException(
                    "arclight.placement.concurrency.heartbeat-timeout must be at least twice heartbeat-interval");
        }
        if (leaseHold.isNegative() || leaseHold.isZero()) {
            throw new IllegalArgumentException("arclight.placement.concurrency.lease-hold must be positive");
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("arclight.placement.concurrency.retry-after must not be negative");
        }
    }

    /** The account limit of {@code tenant}. */
    public int accountLimit(String tenant) {
        return tenantLimits.getOrDefault(tenant, accountLimit);
    }
}
