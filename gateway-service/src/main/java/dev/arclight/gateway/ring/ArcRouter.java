package dev.arclight.gateway.ring;

import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import dev.arclight.ring.LoadAwareChoice;
import dev.arclight.ring.LoadBound;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Hash-arc call distribution (after US 10942795): which placement instance serves a call.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Placement instances sit on a {@link HashRing} with virtual nodes (module {@code ring},
 *       shared with placement). A function (tenant and name) hashes to a point; so does {@code
 *       function + "#reserved"}. Where arcs start and how wide they are is {@link ArcRule}.
 *   <li>A function has two arcs. Its <b>reserved arc</b> exists only if it has <b>provisioned
 *       concurrency</b> {@code P}: it starts at the reserved point and spans {@code ceil(P /
 *       callsPerInstance)} instances. Every placement instance computes the same arc and keeps its
 *       share of the {@code P} initialized containers ({@code ProvisionedShares}), so the arc is
 *       where they are. Its <b>unreserved arc</b> starts at the function's point and spans {@code
 *       ceil(unreservedInFlight / callsPerInstance)} instances, at least one. Reserved concurrency
 *       is only a cap (placement's limiter enforces it) and reserves no arc.
 *   <li>A call to a function with provisioned concurrency takes a reserved slot if fewer than
 *       {@code P} of its calls hold one, and goes along the reserved arc. Otherwise, and for every
 *       call to a function without, it goes along the unreserved arc. So provisioned capacity is
 *       warm without ever capping scaling: overflow just spills onto the unreserved arc.
 *   <li>Within the chosen arc, {@link LoadAwareChoice} picks by calls in flight (two random
 *       choices, ties to the earlier instance), never plain round-robin over the fleet.
 *   <li><b>Bounded loads</b> ({@link LoadBound}, after Mirrokni et al.): an unreserved call whose
 *       pick would carry more than {@code loadFactor} times the ring's mean calls in flight (the
 *       mean taken as at least {@code callsPerInstance}, so a lightly loaded ring keeps its arcs
 *       as they are) goes to the first instance clockwise from the arc's start that has room. Reserved calls are never moved: their containers are on their arc.
 * </ol>
 *
 * <h2>Why arcs</h2>
 *
 * A plain consistent hash sends every call of a function to one instance: a hot function
 * overloads it. Spraying over all instances spreads load but spreads the function's containers
 * thin, so most calls start cold. An arc is the middle: calls of a function stay on as few
 * instances as its concurrency needs (warm containers get reused), and the arc grows with load
 * and shrinks back as calls finish. Arcs are nested prefixes, so widening keeps the instances
 * already in use. Arcs alone still stack: a ring-wide function plus a busy arc on the same
 * instances made the busiest of 100 instances carry 1.30 times the mean in the routing simulation;
 * the load bound caps that at the factor (1.25 by default) without moving more functions on a join.
 *
 * <h2>Membership</h2>
 *
 * {@link #updateMembership} replaces the ring (when an instance fails its health checks or comes
 * back). A function's arcs change only if they crossed the instance that left or now meet the
 * one that joined: with {@code n} instances and arcs of width {@code w}, about {@code w / n} of
 * functions move (measured by the routing simulation in {@code benchmarks}).
 *
 * <h2>Known caveats</h2>
 *
 * In-flight counts are this gateway's own. Several gateways each size arcs from their own share
 * of the traffic, so with {@code g} gateways an arc is up to {@code g} times narrower than the
 * global concurrency would make it; {@code callsPerInstance} is set per gateway with that in mind.
 * Reserved slots and the load bound are likewise per gateway; the hard concurrency limits are
 * enforced by placement, not here. Placement sizes reserved arcs with its own copy of {@code
 * callsPerInstance} and {@code virtualNodes}: they must be the same numbers on both sides. The
 * counts are read without a lock, so concurrent calls may overshoot the bound by a call or two.
 *
 * <h2>Example</h2>
 *
 * With {@code callsPerInstance = 10}, a function with 25 provisioned executions has a reserved arc
 * of 3 instances (holding 9, 8 and 8 of its containers). Its 26th concurrent call finds the 25
 * slots held and goes to the unreserved arc, which has width 1 (one unreserved call); the 11th
 * unreserved call widens it to 2.
 */
public final class ArcRouter {

    private final int virtualNodes;
    private final ArcRule rule;
    private final LoadBound bound;
    private final Supplier<RandomGenerator> random;
    private final Map<String, AtomicInteger> instanceInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger totalInFlight = new AtomicInteger();
    private final FunctionSlots slots = new FunctionSlots();
    private volatile HashRing ring;

    public ArcRouter(int virtualNodes, int callsPerInstance, Supplier<RandomGenerator> random) {
        this(virtualNodes, callsPerInstance, LoadBound.DEFAULT_FACTOR, random);
    }

    public ArcRouter(int virtualNodes, int callsPerInstance, double loadFactor, Supplier<RandomGenerator> random) {
        this.virtualNodes = virtualNodes;
        this.rule = new ArcRule(callsPerInstance);
        this.bound = new LoadBound(loadFactor, callsPerInstance);
        this.random = random;
        this.ring = HashRing.of(List.of(), virtualNodes);
    }

    /** Replaces the set of instances calls may go to. */
    public void updateMembership(Collection<String> instances) {
        ring = HashRing.of(instances, virtualNodes);
        // Forget idle counters of instances gone for good; busy ones drain through their leases.
        instanceInFlight
                .entrySet()
                .removeIf(e ->
                        !ring.instances().contains(e.getKey()) && e.getValue().get() == 0);
    }

    public HashRing ring() {
        return ring;
    }

    /**
     * Routes one call of {@code function} (a stable key: tenant and function name), which has
     * {@code provisioned} provisioned executions (0 for none).
     */
    public RoutingDecision route(String function, int provisioned) {
        var current = ring;
        if (current.size() == 0) {
            return new RoutingDecision.NoInstance();
        }
        if (provisioned > 0 && slots.tryTake(function, ArcKind.RESERVED, provisioned) >= 0) {
            var arc = rule.reservedArc(current, function, provisioned);
            return routed(function, ArcKind.RESERVED, arc, LoadAwareChoice.choose(arc, this::inFlightOn, random.get()));
        }
        int inFlight = slots.tryTake(function, ArcKind.UNRESERVED, Integer.MAX_VALUE);
        var arc = rule.unreservedArc(current, function, inFlight);
        var instance = LoadAwareChoice.choose(arc, this::inFlightOn, random.get());
        int capacity = bound.capacity(totalInFlight.get() + 1L, current.size());
        if (inFlightOn(instance) + 1 > capacity) {
            // Bounded loads: past the arc, clockwise, to the first instance with room.
            var clockwise = current.arc(ArcRule.unreservedPoint(function), current.size());
            int roomy = LoadBound.firstWithRoom(clockwise, this::inFlightOn, 1, capacity);
            if (roomy >= 0) {
                instance = clockwise.get(roomy);
                if (roomy >= arc.size()) {
                    arc = clockwise.subList(0, roomy + 1);
                }
            }
        }
        return routed(function, ArcKind.UNRESERVED, arc, instance);
    }

    private RoutingDecision.Routed routed(String function, ArcKind kind, List<String> arc, String instance) {
        instanceInFlight.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
        totalInFlight.incrementAndGet();
        return new RoutingDecision.Routed(instance, kind, List.copyOf(arc), new CallLease(function, kind, instance));
    }

    /**
     * Moves a call that could not be sent to {@code routed.instance()} (connection refused, breaker
     * open) to the next instance clockwise along the same arc, or just past its end when the arc
     * has no other member. The call keeps its slot and its arc kind; the in-flight count moves with
     * it. Answers {@link RoutingDecision.NoInstance} (and releases the lease) when the ring holds no
     * other instance.
     */
    public RoutingDecision rerouteAfter(RoutingDecision.Routed routed) {
        if (!(routed.lease() instanceof CallLease lease)) {
            throw new IllegalArgumentException("not a lease of this router: " + routed.lease());
        }
        var current = ring;
        var start = routed.kind() == ArcKind.RESERVED
                ? ArcRule.reservedPoint(lease.function)
                : ArcRule.unreservedPoint(lease.function);
        var extended = current.arc(start, routed.arc().size() + 1);
        int failed = extended.indexOf(routed.instance());
        // After the failed instance when it is still on the ring; from the arc's start when it left.
        int from = failed < 0 ? 0 : failed + 1;
        String next = null;
        for (int step = 0; step < extended.size(); step++) {
            var candidate = extended.get((from + step) % extended.size());
            if (!candidate.equals(routed.instance())) {
                next = candidate;
                break;
            }
        }
        if (next == null) {
            lease.release();
            return new RoutingDecision.NoInstance();
        }
        var moved = lease.moveTo(next);
        return new RoutingDecision.Routed(next, routed.kind(), extended, moved);
    }

    /** The arcs {@code function} would use now, for the admin endpoint; takes no slot. */
    public FunctionArcs arcsOf(String function, int provisioned) {
        var current = ring;
        int reserved = slots.reserved(function);
        int unreserved = slots.unreserved(function);
        var reservedArc = rule.reservedArc(current, function, provisioned);
        var unreservedArc = rule.unreservedArc(current, function, unreserved);
        return new FunctionArcs(function, provisioned, reservedArc, reserved, unreservedArc, unreserved);
    }

    public int inFlightOn(String instance) {
        var count = instanceInFlight.get(instance);
        return count == null ? 0 : count.get();
    }

    /** Calls routed and not yet released, per instance. */
    public Map<String, Integer> inFlightByInstance() {
        var view = new TreeMap<String, Integer>();
        instanceInFlight.forEach((instance, count) -> view.put(instance, count.get()));
        return view;
    }

    /** The arcs of one function right now. */
    public record FunctionArcs(
            String function,
            int provisioned,
            List<String> reservedArc,
            int reservedInFlight,
            List<String> unreservedArc,
            int unreservedInFlight) {}

    private final class CallLease implements RoutingDecision.Lease {
        private final String function;
        private final ArcKind kind;
        private final String instance;
        private final AtomicBoolean released = new AtomicBoolean();

        CallLease(String function, ArcKind kind, String instance) {
            this.function = function;
            this.kind = kind;
            this.instance = instance;
        }

        /** Hands this call's slot to a lease on {@code next}; this lease is spent afterwards. */
        CallLease moveTo(String next) {
            if (!released.compareAndSet(false, true)) {
                throw new IllegalStateException("lease already released");
            }
            var count = instanceInFlight.get(instance);
            if (count != null) {
                count.decrementAndGet();
            }
            instanceInFlight.computeIfAbsent(next, i -> new AtomicInteger()).incrementAndGet();
            return new CallLease(function, kind, next);
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                slots.giveBack(function, kind);
                totalInFlight.decrementAndGet();
                var count = instanceInFlight.get(instance);
                if (count != null) {
                    count.decrementAndGet();
                }
            }
        }
    }
}
