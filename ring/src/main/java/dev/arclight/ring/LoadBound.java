package dev.arclight.ring;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing
 * with Bounded Loads", SODA 2018), applied to arcs: no instance takes a call that would lift its
 * load above {@code factor} times the mean load of the ring. A call whose pick within its arc is
 * full goes to the first instance clockwise from the arc's start that has room; since the bound is
 * above the mean, some instance always has room.
 *
 * <p>The mean is taken as at least {@code floor} (the arc rule's calls per instance), so the bound
 * is {@code factor * max(floor, mean)}. On a lightly loaded ring the mean is small, and without
 * the floor a function's second concurrent call would already be pushed off its instance,
 * spreading its containers thin for nothing; with it, an arc filled to its calls per instance
 * still has room for the imbalance of the two-choice pick. So the bound only acts once the mean
 * load per instance passes {@code floor}, which is when a few busy arcs on top of a ring-wide
 * function make hot spots.
 *
 * @param factor how far above the mean an instance may go, greater than 1 (Mirrokni's {@code 1 +
 *     epsilon}); smaller balances better and moves more calls off their arc
 * @param floor the lowest mean the bound is taken from, in calls
 */
public record LoadBound(double factor, int floor) {

    /** What the gateway uses unless configured otherwise, and the routing simulation measures. */
    public static final double DEFAULT_FACTOR = 1.25;

    public LoadBound {
        if (!(factor > 1.0)) {
            throw new IllegalArgumentException("the load factor must be greater than 1, was " + factor);
        }
        if (floor < 1) {
            throw new IllegalArgumentException("the floor must be at least 1, was " + floor);
        }
    }

    /** The most load one instance may carry when the ring carries {@code total} over {@code instances}. */
    public double capacity(double total, int instances) {
        double mean = instances <= 0 ? 0 : total / instances;
        return factor * Math.max(floor, mean);
    }

    /** {@link #capacity} in whole calls, for counting calls in flight. */
    public int capacity(long calls, int instances) {
        return (int) Math.ceil(capacity((double) calls, instances));
    }

    /**
     * The first of {@code clockwise} (every instance, in ring order from the arc's start) whose
     * load plus {@code adding} stays within {@code capacity}, or -1 when none has room.
     */
    public static int firstWithRoom(
            List<String> clockwise, ToDoubleFunction<String> load, double adding, double capacity) {
        for (int i = 0; i < clockwise.size(); i++) {
            if (load.applyAsDouble(clockwise.get(i)) + adding <= capacity) {
                return i;
            }
        }
        return -1;
    }
}
