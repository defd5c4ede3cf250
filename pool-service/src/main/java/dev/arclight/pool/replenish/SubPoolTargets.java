package dev.arclight.pool.replenish;

import dev.arclight.pool.subpool.SubPoolDefinition;

/**
 * How many VMs (warm or booting) a sub-pool aims at now, between its min and max size. An interface
 * so that the learned {@link LearnedTargets} and {@link ClaimRateTargets} are interchangeable
 * ({@code arclight.pool.targets}).
 */
public interface SubPoolTargets {

    int target(SubPoolDemand demand);

    /**
     * A claim was served now from {@code subPoolId}. The claim-rate targets count claims from the
     * books instead and ignore this.
     */
    default void claimed(String subPoolId) {}

    /** A claim found no warm VM now: demand all the same, for the sub-pool that should have served it. */
    default void missed(String tenant, String runtime, long memoryMib) {}

    /**
     * What a target is decided from.
     *
     * @param subPool the sub-pool
     * @param claimsLastMinute claims it served in the last minute, across pool instances
     */
    record SubPoolDemand(SubPoolDefinition subPool, int claimsLastMinute) {}
}
