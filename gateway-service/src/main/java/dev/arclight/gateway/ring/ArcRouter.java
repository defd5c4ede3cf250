package dev.arclight.gateway.ring;

import dev.arclight.ring.ArcRule;
import dev.arclight.ring.HashRing;
import dev.arclight.ring.LoadAwareChoice;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 *   <li>Placement instances sit on a {@link HashRing} with virtual nodes. A function (tenant and
 *       name) hashes to a point; so does {@code function + "#reserved"}.
 *   <li>A function has two arcs. Its <b>reserved arc</b> starts at the reserved point and spans
 *       {@code ceil(reservation / callsPerInstance)} instances: the instances that keep its
 *       provisioned containers. Its <b>unreserved arc</b> starts at the function's point and
 *       spans {@code ceil(unreservedInFlight / callsPerInstance)} instances, at least one.
 *   <li>A call to a function with a reservation takes a reserved slot if fewer than {@code
 *       reservation} of its calls hold one, and goes along the reserved arc. Otherwise, and for
 *       every call to a function without a reservation, it goes along the unreserved arc. So a
 *       reservation guarantees warm capacity without ever capping scaling: overflow just spills
 *       onto the unreserved arc.
 *   <li>Within the chosen arc, {@link LoadAwareChoice} picks by calls in flight (two random
 *       choices, ties to the earlier instance), never plain round-robin over the fleet.
 * </ol>
 *
 * <h2>Why arcs</h2>
 *
 * A plain consistent hash sends every call of a function to one instance: a hot function
 * overloads it. Spraying over all instances spreads load but spreads the function's containers
 * thin, so most calls start cold. An arc is the middle: calls of a function stay on as few
 * instances as its concurrency needs (warm containers get reused), and the arc grows with load
 * and shrinks back as calls finish. Arcs are nested prefixes, so widening keeps the instances
 * already in use.
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
 * Reserved slots are likewise counted per gateway; the hard concurrency limits are enforced by
 * placement, not here.
 *
 * <h2>Example</h2>
 *
 * With {@code callsPerInstance = 10}, a function with 25 provisioned executions has a reserved arc
 * of 3 instances. Its 26th concurrent call finds the 25 slots held and goes to the unreserved arc,
 * which has width 1 (one unreserved call); the 11th unreserved call widens it to 2.
 */
public final class ArcRouter {

    private final int virtualNodes;
    private final ArcRule rule;
    private final Supplier<RandomGenerator> random;
    private final Map<String, AtomicInteger> instanceInFlight = new ConcurrentHashMap<>();
    private final Map<String, FunctionCalls> functionCalls = new ConcurrentHashMap<>();
    private volatile HashRing ring;

    public ArcRouter(int virtualNodes, int callsPerInstance, Supplier<RandomGenerator> random) {
        this.virtualNodes = virtualNodes;
        this.rule = new ArcRule(callsPerInstance);
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
     * {@code reservation} reserved executions (0 for none).
     */
    public RoutingDecision route(String function, int reservation) {
        var current = ring;
        if (current.size() == 0) {
            return new RoutingDecision.NoInstance();
        }
        ArcKind kind;
        List<String> arc;
        if (reservation > 0 && tryTake(function, ArcKind.RESERVED, reservation) >= 0) {
            kind = ArcKind.RESERVED;
            arc = rule.reservedArc(current, function, reservation);
        } else {
            kind = ArcKind.UNRESERVED;
            int inFlight = tryTake(function, ArcKind.UNRESERVED, Integer.MAX_VALUE);
            arc = rule.unreservedArc(current, function, inFlight);
        }
        var instance = LoadAwareChoice.choose(arc, this::inFlightOn, random.get());
        instanceInFlight.computeIfAbsent(instance, i -> new AtomicInteger()).incrementAndGet();
        return new RoutingDecision.Routed(instance, kind, arc, new CallLease(function, kind, instance));
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
    public FunctionArcs arcsOf(String function, int reservation) {
        var current = ring;
        var calls = functionCalls.get(function);
        int reserved = calls == null ? 0 : calls.reserved;
        int unreserved = calls == null ? 0 : calls.unreserved;
        var reservedArc = rule.reservedArc(current, function, reservation);
        var unreservedArc = rule.unreservedArc(current, function, unreserved);
        return new FunctionArcs(function, reservation, reservedArc, reserved, unreservedArc, unreserved);
    }

    public int inFlightOn(String instance) {
        var count = instanceInFlight.get(instance);
        return count == null ? 0 : count.get();
    }

    /** Calls routed and not yet released, per instance. */
    public Map<String, Integer> inFlightByInstance() {
        var view = new java.util.TreeMap<String, Integer>();
        instanceInFlight.forEach((instance, count) -> view.put(instance, count.get()));
        return view;
    }

    /**
     * Takes one slot of {@code kind} for {@code function} if fewer than {@code limit} are held;
     * returns the number held including this one, or -1 when the limit is reached.
     */
    private int tryTake(String function, ArcKind kind, int limit) {
        var taken = new int[] {-1};
        functionCalls.compute(function, (key, calls) -> {
            var next = calls == null ? new FunctionCalls() : calls;
            if (kind == ArcKind.RESERVED) {
                if (next.reserved < limit) {
                    taken[0] = ++next.reserved;
                }
            } else {
                taken[0] = ++next.unreserved;
            }
            return next.isIdle() ? null : next;
        });
        return taken[0];
    }

    private void giveBack(String function, ArcKind kind) {
        functionCalls.computeIfPresent(function, (key, calls) -> {
            if (kind == ArcKind.RESERVED) {
                calls.reserved--;
            } else {
                calls.unreserved--;
            }
            // Drop idle functions so the map holds only functions with calls in flight.
            return calls.isIdle() ? null : calls;
        });
    }

    /** The arcs of one function right now. */
    public record FunctionArcs(
            String function,
            int reservation,
            List<String> reservedArc,
            int reservedInFlight,
            List<String> unreservedArc,
            int unreservedInFlight) {}

    /** Mutated only inside {@code ConcurrentHashMap.compute}, which serialises access per key. */
    private static final class FunctionCalls {
        int reserved;
        int unreserved;

        boolean isIdle() {
            return reserved == 0 && unreserved == 0;
        }
    }

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
                giveBack(function, kind);
                var count = instanceInFlight.get(instance);
                if (count != null) {
                    count.decrementAndGet();
                }
            }
        }
    }
}
