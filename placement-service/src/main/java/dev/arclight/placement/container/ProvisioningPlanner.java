package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPlans.Provisioning;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.Stop;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The provisioning plan of {@link ContainerBooks}: replaces the provisioned counts and reserves the
 * containers missing to reach them, started idle (placed as a call's new container is). Where a count
 * went down (this instance's share moved to another member of the arc, or the config shrank), that
 * many surplus idle containers stop at once (oldest idle first, never a busy one, never below the new
 * count) instead of waiting for the keep-alive, so that the instances together hold what was asked.
 */
final class ProvisioningPlanner {

    private Map<ContainerKey, Integer> provisioned = Map.of();

    Map<ContainerKey, Integer> counts() {
        return provisioned;
    }

    /** @param reserve reserves one idle container of a spec, as the books place it */
    Provisioning provision(
            BookEntries books, Map<ContainerKey, ProvisionedTarget> targets, Function<ContainerSpec, Start> reserve) {
        var counts = new HashMap<ContainerKey, Integer>();
        targets.forEach((key, target) -> counts.put(key, target.count()));
        var releases = new ArrayList<Stop>();
        provisioned.forEach((key, before) -> {
            int after = counts.getOrDefault(key, 0);
            long surplus = Math.min(before - after, books.liveCount(key) - after);
            books.idleOldestFirst(key).stream()
                    .limit(Math.max(0, surplus))
                    .forEach(container -> releases.add(books.stop(container)));
        });
        provisioned = Map.copyOf(counts);
        var starts = new ArrayList<Start>();
        for (var target : targets.values()) {
            for (long i = books.liveCount(target.spec().key()); i < target.count(); i++) {
                starts.add(reserve.apply(target.spec()));
            }
        }
        return new Provisioning(starts, releases);
    }
}
