package dev.arclight.pool.replenish;

import dev.arclight.pool.subpool.SubPoolDefinition;

/**
 * How many VMs (warm or booting) a sub-pool aims at now, between its min and max size. An interface
 * so that a learned policy (issue 13) can replace {@link ClaimRateTargets}.
 */
public interface SubPoolTargets {

    int target(SubPoolDemand demand);

    /**
     * What a target is decided from.
     *
     * @param subPool the sub-pool
     * @param claimsLastMinute claims it served in the last minute, across pool instances
     */
    record SubPoolDemand(SubPoolDefinition subPool, int claimsLastMinute) {}
}
