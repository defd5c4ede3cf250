package dev.arclight.placement.pool;

import dev.arclight.contracts.pool.ClaimedVm;
import java.util.Optional;

/**
 * Claims a warm VM for a tenant from pool-service. Never throws: a miss, a pool that is down,
 * slow or refused by its breaker are all "no VM", and the caller boots one instead.
 */
public interface PoolClaims {

    /** No pool: every claim misses at once. */
    PoolClaims NONE = (tenant, runtime, memoryMib) -> Optional.empty();

    Optional<ClaimedVm> claim(String tenant, String runtime, long memoryMib);
}
