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
 * Which placement instances exist and what their health checks found: the ring's members are the
 * instances in {@link Health#inRing()} states.
 *
 * <p>An instance joins {@link Health.Unchecked}: configuration or discovery vouch for it, so it is
 * in the ring at once (a call that cannot reach it was never sent and tries the next instance of
 * its arc), but it does not make the gateway ready: only a passed check does ({@link #routable()}).
 * It leaves the ring after {@code failureThreshold} consecutive failed checks (one failure is often
 * a blip: a GC pause, a slow probe on a busy host) and comes back after one passing check (a wrong
 * "healthy" costs one failed call, which the invocation path retries elsewhere when it was never
 * sent). Unchecked and down instances are the ones {@link HealthChecker} probes quickly, so a placement that comes up late is in the ring within a probe interval.
 *
 * <p>Every change answers whether the set of instances in the ring changed, so the caller rebuilds
 * the ring only then.
 */
public final class PlacementMembership {

    /** What the health checks found of one instance. */
    public sealed interface Health {

        /** Whether calls may be routed to an instance in this state. */
        boolean inRing();

        /** Known from configuration or discovery, not checked yet. */
        record Unchecked(int consecutiveFailures, @Nullable String lastFailure) implements Health {
            @Override
            public boolean inRing() {
                return true;
            }
        }

        /** Its last check passed. */
        record Passing() implements Health {
            @Override
            public boolean inRing() {
                return true;
            }
        }

        /** Failed its last checks, fewer than the threshold: still in the ring. */
        record Failing(int consecutiveFailures, @Nullable String lastFailure) implements Health {
            @Override
            public boolean inRing() {
                return true;
            }
        }

        /** Failed {@code failureThreshold} checks in a row: out of the ring until one passes. */
        record Down(int consecutiveFailures, @Nullable String lastFailure) implements Health {
            @Override
            public boolean inRing() {
                return false;
            }
        }
    }

    /** One instance and what the health checks found. */
    public record Member(PlacementInstance instance, Health health) {

        public boolean healthy() {
            return health.inRing();
        }

        public int consecutiveFailures() {
            return switch (health) {
                case Health.Passing p -> 0;
                case Health.Unchecked u -> u.consecutiveFailures();
                case Health.Failing f -> f.consecutiveFailures();
                case Health.Down d -> d.consecutiveFailures();
            };
        }

        public @Nullable String lastFailure() {
            return switch (health) {
                case Health.Passing p -> null;
                case Health.Unchecked u -> u.lastFailure();
                case Health.Failing f -> f.lastFailure();
                case Health.Down d -> d.lastFailure();
            };
        }
    }

    private static final Health UNCHECKED = new Health.Unchecked(0, null);

    private final int failureThreshold;
    private final Map<String, Member> members = new LinkedHashMap<>();

    public PlacementMembership(int failureThreshold) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
    }

    /**
     * Makes the known instances exactly {@code instances}: new ones join unchecked, missing ones are
     * forgotten, a changed URL is taken over keeping the instance's health.
     */
    public synchronized boolean sync(List<PlacementInstance> instances) {
        var before = healthyNames();
        var next = new LinkedHashMap<String, Member>();
        for (var instance : instances) {
            var known = members.get(instance.name());
            next.put(instance.name(), new Member(instance, known == null ? UNCHECKED : known.health()));
        }
        members.clear();
        members.putAll(next);
        return !before.equals(healthyNames());
    }

    /** Records a passing health check of {@code name}; answers whether the ring's set changed. */
    public synchronized boolean passed(String name) {
        var member = members.get(name);
        if (member == null) {
            return false;
        }
        members.put(name, new Member(member.instance(), new Health.Passing()));
        return !member.health().inRing();
    }

    /** Records a failed health check of {@code name}; answers whether the ring's set changed. */
    public synchronized boolean failed(String name, String reason) {
        var member = members.get(name);
        if (member == null) {
            return false;
        }
        int failures = member.consecutiveFailures() + 1;
        Health next;
        if (failures >= failureThreshold) {
            next = new Health.Down(failures, reason);
        } else if (member.health() instanceof Health.Unchecked) {
            next = new Health.Unchecked(failures, reason);
        } else {
            next = new Health.Failing(failures, reason);
        }
        members.put(name, new Member(member.instance(), next));
        return member.health().inRing() && !next.inRing();
    }

    /** The names of the instances the ring should hold. */
    public synchronized SortedSet<String> healthyNames() {
        var names = new TreeSet<String>();
        members.values().stream()
                .filter(Member::healthy)
                .forEach(m -> names.add(m.instance().name()));
        return names;
    }

    /**
     * The instances whose last check passed: the gateway can route a call only when there is at
     * least one (an unchecked instance may not be listening yet).
     */
    public synchronized SortedSet<String> routable() {
        var names = new TreeSet<String>();
        members.values().stream()
                .filter(m -> m.health() instanceof Health.Passing)
                .forEach(m -> names.add(m.instance().name()));
        return names;
    }

    /**
     * The instances to probe often: never checked, or out of the ring. A failing instance still in
     * the ring is left to the regular rounds, so that a blip needs {@code failureThreshold} rounds
     * to take it out, not a few quick probes.
     */
    public synchronized List<PlacementInstance> toProbe() {
        return members.values().stream()
                .filter(m -> m.health() instanceof Health.Unchecked || m.health() instanceof Health.Down)
                .map(Member::instance)
                .toList();
    }

    public synchronized List<Member> members() {
        return new ArrayList<>(members.values());
    }

    public synchronized Optional<PlacementInstance> instance(String name) {
        return Optional.ofNullable(members.get(name)).map(Member::instance);
    }
}
