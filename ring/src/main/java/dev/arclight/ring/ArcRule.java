package dev.arclight.ring;

import java.util.List;

/**
 * Where a function's two arcs start on a {@link HashRing} and how wide they are. The gateway routes
 * by this rule and every placement instance provisions by it, so both take it from here: a
 * function's provisioned containers are only warm for its calls if both sides agree on its
 * reserved arc.
 *
 * <ul>
 *   <li>The <b>function key</b> is {@code tenant + ":" + functionName} (the bare name, no
 *       qualifier): all qualifiers of a function share its arcs.
 *   <li>The <b>unreserved arc</b> starts at {@code point(key)} and is {@code ceil(inFlight /
 *       callsPerInstance)} instances wide, at least one.
 *   <li>The <b>reserved arc</b> exists only for a function with provisioned concurrency {@code P
 *       > 0}; it starts at {@code point(key + "#reserved")} (a point of its own, so a hot
 *       function's two arcs do not pile onto the same instances) and is {@code ceil(P /
 *       callsPerInstance)} instances wide.
 * </ul>
 *
 * @param callsPerInstance concurrent calls of one function an arc gives each of its instances
 *     before it widens by one; the gateway and placement must use the same number
 */
public record ArcRule(int callsPerInstance) {

    public static final String RESERVED_SUFFIX = "#reserved";

    public ArcRule {
        if (callsPerInstance < 1) {
            throw new IllegalArgumentException("callsPerInstance must be at least 1, was " + callsPerInstance);
        }
    }

    /** The ring key of a function; both services must build it the same way. */
    public static String functionKey(String tenant, String functionName) {
        return tenant + ":" + functionName;
    }

    public static long unreservedPoint(String functionKey) {
        return HashRing.point(functionKey);
    }

    public static long reservedPoint(String functionKey) {
        return HashRing.point(functionKey + RESERVED_SUFFIX);
    }

    /** Instances an arc carrying {@code calls} concurrent calls spans: at least one. */
    public int widthFor(int calls) {
        return Math.max(1, Math.ceilDiv(Math.max(calls, 0), callsPerInstance));
    }

    /** The reserved arc of a function with {@code provisioned} executions; empty when none. */
    public List<String> reservedArc(HashRing ring, String functionKey, int provisioned) {
        return provisioned > 0 ? ring.arc(reservedPoint(functionKey), widthFor(provisioned)) : List.of();
    }

    /** The unreserved arc of a function with {@code inFlight} unreserved calls in flight. */
    public List<String> unreservedArc(HashRing ring, String functionKey, int inFlight) {
        return ring.arc(unreservedPoint(functionKey), widthFor(inFlight));
    }
}
