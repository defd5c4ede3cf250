package dev.arclight.pool.replenish;

/**
 * The min size plus the claims of the last minute, clamped to {@code [min, max]}: a sub-pool that
 * was claimed from N times in a minute keeps N more VMs than its floor, since a boot takes about as
 * long as those claims took to arrive (15-40 s under TCG). With no claims it falls back to its min.
 */
public final class ClaimRateTargets implements SubPoolTargets {

    @Override
    public int target(SubPoolDemand demand) {
        var subPool = demand.subPool();
        long wanted = (long) subPool.minSize() + Math.max(0, demand.claimsLastMinute());
        return (int) Math.max(subPool.minSize(), Math.min(subPool.maxSize(), wanted));
    }
}
