package dev.arclight.gateway.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which placement instances exist and which of them are healthy: the ring's members are the
 * healthy ones.
 *
 * <p>An instance joins healthy (configuration or discovery vouch for it, and a fresh gateway should
 * route at once), leaves after {@code failureThreshold} consecutive failed health checks (one
 * failure is often a blip: a GC pause, a slow probe on a busy host) and comes back after one passing
 * check (a wrong "healthy" costs one failed call, which the invocation path retries elsewhere when
 * it was never sent).
 *
 * <p>Every change answers whether the set of healthy instances changed, so the caller rebuilds the
 * ring only then.
 */
public final class PlacementMembership {

    /** One instance and what the health checks found. */
    public record Member(
            PlacementInstance instance,
            boolean healthy,
            int consecutiveFailures,
            @Nullable String lastFailure) {}

    private final int failureThreshold;
    private final Map<String, Member> members = new LinkedHashMap<>();

    public PlacementMembership(int failureThreshold) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
    }

    /**
     * Makes the known instances exactly {@code instances}: new ones join healthy, missing ones are
     * forgotten, a changed URL is taken over keeping the instance's health.
     */
    public synchronized boolean sync(List<PlacementInstance> instances) {
        var before = healthyNames();
        var next = new LinkedHashMap<String, Member>();
        for (var instance : instances) {
            var known = members.get(instance.name());
            next.put(
                    instance.name(),
                    known == null
                            ? new Member(instance, true, 0, null)
                            : new Member(instance, known.healthy(), known.consecutiveFailures(), known.lastFailure()));
        }
        members.clear();
        members.putAll(next);
        return !before.equals(healthyNames());
    }

    /** Records a passing health check of {@code name}; answers whether the healthy set changed. */
    public synchronized boolean passed(String name) {
        var member = members.get(name);
        if (member == null) {
            return false;
        }
        members.put(name, new Member(member.instance(), true, 0, null));
        return !member.healthy();
    }

    /** Records a failed health check of {@code name}; answers whether the healthy set changed. */
    public synchronized boolean failed(String name, String reason) {
        var member = members.get(name);
        if (member == null) {
            return false;
        }
        int failures = member.consecutiveFailures() + 1;
        boolean healthy = member.healthy() && failures < failureThreshold;
        members.put(name, new Member(member.instance(), healthy, failures, reason));
        return member.healthy() && !healthy;
    }

    /** The names of the instances the ring should hold. */
    public synchronized SortedSet<String> healthyNames() {
        var names = new TreeSet<String>();
        members.values().stream()
                .filter(Member::healthy)
                .forEach(m -> names.add(m.instance().name()));
        return names;
    }

    public synchronized List<Member> members() {
        return new ArrayList<>(members.values());
    }

    public synchronized Optional<PlacementInstance> instance(String name) {
        return Optional.ofNullable(members.get(name)).map(Member::instance);
    }
}
