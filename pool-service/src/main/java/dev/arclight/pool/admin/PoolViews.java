package dev.arclight.pool.admin;

import dev.arclight.contracts.pool.PoolView;
import dev.arclight.contracts.pool.PoolView.PoolWorkerView;
import dev.arclight.contracts.pool.SubPoolView;
import dev.arclight.pool.replenish.ReplenishProperties;
import dev.arclight.pool.replenish.Replenisher;
import dev.arclight.pool.replenish.SubPoolTargets;
import dev.arclight.pool.replenish.SubPoolTargets.SubPoolDemand;
import dev.arclight.pool.subpool.SubPoolDefinition;
import dev.arclight.pool.subpool.SubPools;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.vm.PooledVms.StateCount;
import dev.arclight.pool.worker.WorkerInventory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Builds the admin views from the books: what every pool instance answers alike. */
@Component
class PoolViews {

    private final SubPools subPools;
    private final PooledVms vms;
    private final Replenisher replenisher;
    private final SubPoolTargets targets;
    private final WorkerInventory inventory;
    private final ReplenishProperties replenish;
    private final Clock clock;

    PoolViews(
            SubPools subPools,
            PooledVms vms,
            Replenisher replenisher,
            SubPoolTargets targets,
            WorkerInventory inventory,
            ReplenishProperties replenish,
            Clock clock) {
        this.subPools = subPools;
        this.vms = vms;
        this.replenisher = replenisher;
        this.targets = targets;
        this.inventory = inventory;
        this.replenish = replenish;
        this.clock = clock;
    }

    PoolView pool() {
        var now = clock.instant();
        var active = vms.active();
        var workers = inventory.reports().stream()
                .map(r -> new PoolWorkerView(
                        r.workerId(),
                        Duration.between(r.receivedAt(), now).compareTo(replenish.workerStaleness()) < 0,
                        r.capacity().freeMemoryMib(),
                        (int) active.stream()
                                .filter(vm -> vm.workerId().equals(r.workerId()))
                                .count()))
                .toList();
        return new PoolView(subPoolViews(), workers);
    }

    List<SubPoolView> subPoolViews() {
        var counts = vms.counts();
        var claims = replenisher.claimsLastMinute();
        var shortfalls = subPools.shortfalls();
        return subPools.all().stream()
                .map(s -> view(s, counts, claims, shortfalls))
                .toList();
    }

    SubPoolView subPoolView(String id) {
        return view(subPools.get(id), vms.counts(), replenisher.claimsLastMinute(), subPools.shortfalls());
    }

    private SubPoolView view(
            SubPoolDefinition s,
            List<StateCount> counts,
            Map<String, Integer> claims,
            Map<String, Integer> shortfalls) {
        int claimed = claims.getOrDefault(s.id(), 0);
        return new SubPoolView(
                s.id(),
                s.runtimes(),
                s.runtimes().getFirst(),
                s.memoryMib(),
                s.tenant(),
                s.minSize(),
                s.maxSize(),
                targets.target(new SubPoolDemand(s, claimed)),
                count(counts, s.id(), "warm"),
                count(counts, s.id(), "booting"),
                claimed,
                shortfalls.getOrDefault(s.id(), 0));
    }

    private static int count(List<StateCount> counts, String subPool, String state) {
        return counts.stream()
                .filter(c -> c.subPoolId().equals(subPool) && c.state().equals(state))
                .mapToInt(StateCount::count)
                .sum();
    }
}
