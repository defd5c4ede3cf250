package dev.arclight.gateway.ring;

import java.util.List;

/** The outcome of routing one call. */
public sealed interface RoutingDecision {

    /**
     * The call goes to {@code instance}, a member of {@code arc}. The caller must {@link
     * Lease#release() release} the lease when the call ends, however it ends, so the in-flight
     * counts that size arcs and balance load stay true.
     */
    record Routed(String instance, ArcKind kind, List<String> arc, Lease lease) implements RoutingDecision {}

    /** No placement instance is in the ring (none configured, or none healthy). */
    record NoInstance() implements RoutingDecision {}

    /** Ends one routed call; idempotent. */
    interface Lease {
        void release();
    }
}
