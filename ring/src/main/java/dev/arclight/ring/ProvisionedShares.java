package dev.arclight.ring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a function's provisioned concurrency is split over the members of its reserved arc, so that
 * every placement instance can work out its own part without talking to the others.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Every instance builds the same {@link HashRing} from the same member names and takes the
 *       function's reserved arc with {@link ArcRule#reservedArc}: {@code w} members, in the order
 *       met clockwise from the function's reserved point.
 *   <li>The {@code P} provisioned executions are numbered {@code 0 .. P-1} and dealt out in arc
 *       order as runs: each member gets {@code floor(P / w)}, and the first {@code P mod w}
 *       members one more. Member {@code i} holds the run starting at {@code i * floor(P / w) +
 *       min(i, P mod w)}.
 *   <li>A member outside the arc holds nothing.
 * </ol>
 *
 * The runs cover {@code 0 .. P-1} exactly once, so the instances together hold {@code P}. Keeping
 * each member's part as a run of numbers (a {@link Share}) lets a caller split it further the same
 * way everywhere, e.g. over the function's versions in a fixed order.
 *
 * <h2>When membership changes</h2>
 *
 * Arcs are nested and stable (see {@link HashRing}): when a member leaves, the arc takes the next
 * member clockwise in its place and the runs are dealt again over the new arc, so the leaving
 * member's part lands on the members that remain; a joining member takes a part only if it falls
 * inside the arc.
 */
public final class ProvisionedShares {

    private ProvisionedShares() {}

    /**
     * A member's run of provisioned executions: numbers {@code from .. from + count - 1}.
     *
     * @param from the first number of the run
     * @param count how many executions the member holds (0 outside the arc)
     */
    public record Share(int from, int count) {

        public static final Share NONE = new Share(0, 0);

        /** How many numbers of {@code [start, start + length)} fall into this run. */
        public int overlap(int start, int length) {
            int lower = Math.max(from, start);
            int upper = Math.min(from + count, start + length);
            return Math.max(0, upper - lower);
        }
    }

    /** The share of {@code member} in {@code provisioned} executions spread over {@code arc}. */
    public static Share shareOf(List<String> arc, int provisioned, String member) {
        int index = arc.indexOf(member);
        if (index < 0 || provisioned <= 0) {
            return Share.NONE;
        }
        int base = provisioned / arc.size();
        int extra = provisioned % arc.size();
        return new Share(index * base + Math.min(index, extra), base + (index < extra ? 1 : 0));
    }

    /** Every member's count, in arc order. */
    public static Map<String, Integer> split(List<String> arc, int provisioned) {
        var counts = new LinkedHashMap<String, Integer>();
        for (var member : arc) {
            counts.put(member, shareOf(arc, provisioned, member).count());
        }
        return counts;
    }
}
