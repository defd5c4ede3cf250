package dev.arclight.pool.replenish;

import dev.arclight.keepalive.PoolTargetPolicy;
import dev.arclight.pool.subpool.SubPoolDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sub-pool targets learnt from the claims, by {@link PoolTargetPolicy}: enough VMs for the claims
 * predicted to arrive while a new one starts.
 *
 * <h2>Algorithm</h2>
 *
 * <ul>
 *   <li>A claim served counts against the sub-pool of the VM it got. A claim that missed counts
 *       against the sub-pool that should have served it: of the sub-pools open to the tenant whose
 *       runtimes include the claim's, the tenant's own first, then the one whose memory is closest
 *       to the claim's; a miss no sub-pool fits counts for none (there is nothing to grow).
 *   <li>The policy folds each finished minute's count into a rate per minute (exponentially
 *       weighted, half-life 10 minutes), so a minute's claims move the target once that minute is
 *       over. The claims expected during one {@code lead} are {@code mu = rate * lead}; the target is
 *       {@code ceil(mu + 2 * sqrt(mu))}, then clamped to the sub-pool's min and max sizes, so a
 *       sub-pool never claimed from sits at its min.
 * </ul>
 *
 * Caveats: it learns from this instance's claims only (with several pool-service instances, the
 * one that runs a replenishment round decides from its share of the demand), and it keeps its rates
 * in memory: after a restart every target is back at its min and follows the claims again within
 * minutes. {@link SubPoolDemand#claimsLastMinute} is not used.
 */
public final class LearnedTargets implements SubPoolTargets {

    private final PoolTargetPolicy policy;
    private final Supplier<List<SubPoolDefinition>> subPools;

    /**
     * @param lead how long a new pooled VM takes to be warm
     * @param subPools the sub-pools now, to place a miss
     */
    public LearnedTargets(Clock clock, Duration lead, Supplier<List<SubPoolDefinition>> subPools) {
        this.policy = new PoolTargetPolicy(clock, lead, new PoolTargetPolicy.Bounds(0, Integer.MAX_VALUE));
        this.subPools = subPools;
    }

    @Override
    public synchronized int target(SubPoolDemand demand) {
        var subPool = demand.subPool();
        return Math.max(subPool.minSize(), Math.min(subPool.maxSize(), policy.target(subPool.id())));
    }

    @Override
    public synchronized void claimed(String subPoolId) {
        policy.claimed(subPoolId);
    }

    @Override
    public void missed(String tenant, String runtime, long memoryMib) {
        subPools.get().stream()
                .filter(s -> s.runtimes().contains(runtime)
                        && (s.tenant() == null || s.tenant().equals(tenant)))
                .min(Comparator.comparingInt((SubPoolDefinition s) -> s.tenant() == null ? 1 : 0)
                        .thenComparingLong(s -> Math.abs(s.memoryMib() - memoryMib)))
                .ifPresent(s -> claimed(s.id()));
    }

    /** The claims per minute predicted for a sub-pool. */
    public synchronized double ratePerMinute(String subPoolId) {
        return policy.ratePerMinute(subPoolId);
    }
}
