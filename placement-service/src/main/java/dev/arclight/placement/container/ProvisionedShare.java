package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import dev.arclight.ring.ProvisionedShares;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the provisioned containers the registry asks for this placement instance keeps: its
 * share on each function's reserved arc, so that the instances together keep exactly what was
 * asked for, where the gateway sends the calls that use them.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Build the {@link HashRing} of the live members (every instance reads the same heartbeats,
 *       so every instance builds the same ring; the gateway hashes the same names).
 *   <li>For each function with {@code P} provisioned executions over all its versions, take its
 *       reserved arc by the gateway's rule ({@link ArcRule#reservedArc}) and this instance's run
 *       of the {@code P} executions ({@link ProvisionedShares#shareOf}: {@code floor(P / w)} per
 *       member, one more for the first {@code P mod w}).
 *   <li>Lay the function's versions end to end in their fixed order (version {@code v} holds
 *       numbers {@code o_v .. o_v + c_v - 1}) and keep, of each version, the numbers of the run
 *       that fall into it. Summed over the instances that is {@code c_v} for every version.
 * </ol>
 *
 * A member outside every arc keeps nothing provisioned. When membership changes the next
 * reconciliation round computes new shares: a leaving member's share lands on the member that
 * takes its place on the arc, and a member whose share shrank releases its surplus idle
 * containers ({@link ContainerPool#provision}).
 */
public final class ProvisionedShare {

    private final ArcRule rule;
    private final int virtualNodes;
    private final String self;

    public ProvisionedShare(ArcRule rule, int virtualNodes, String self) {
        this.rule = rule;
        this.virtualNodes = virtualNodes;
        this.self = self;
    }

    /** This instance's targets, given every function's demand and the live members (self included). */
    public Map<ContainerKey, ProvisionedTarget> of(List<FunctionDemand> demand, Collection<String> members) {
        var ring = HashRing.of(members, virtualNodes);
        var mine = new HashMap<ContainerKey, ProvisionedTarget>();
        for (var function : demand) {
            int total = function.total();
            var arc = rule.reservedArc(ring, ArcRule.functionKey(function.tenant(), function.functionName()), total);
            var share = ProvisionedShares.shareOf(arc, total, self);
            int offset = 0;
            for (var version : function.versions()) {
                int count = share.overlap(offset, version.count());
                offset += version.count();
                if (count > 0) {
                    mine.merge(
                            version.spec().key(),
                            new ProvisionedTarget(version.spec(), count),
                            (a, b) -> new ProvisionedTarget(a.spec(), a.count() + b.count()));
                }
            }
        }
        return mine;
    }

    public String self() {
        return self;
    }
}
