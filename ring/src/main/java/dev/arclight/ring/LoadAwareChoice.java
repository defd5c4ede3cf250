package dev.arclight.ring;

import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Picks one instance of an arc by load: the power of two random choices. Two distinct members are
 * drawn and the one with fewer calls in flight wins; a tie goes to the one earlier in the arc, so
 * a lightly used function keeps landing where its containers are warm.
 *
 * <p>Two choices rather than a scan of the whole arc: it balances almost as well as least-loaded
 * (the maximum load drops from O(log n / log log n) to O(log log n)) while reading only two
 * counters, and it avoids the herd that pure least-loaded sends to one instance when several
 * gateways act on the same stale counts.
 */
public final class LoadAwareChoice {

    private LoadAwareChoice() {}

    public static String choose(List<String> arc, ToIntFunction<String> inFlight, RandomGenerator random) {
        return switch (arc.size()) {
            case 0 -> throw new IllegalArgumentException("an arc has at least one instance");
            case 1 -> arc.getFirst();
            default -> {
                int first = random.nextInt(arc.size());
                int second = random.nextInt(arc.size() - 1);
                if (second >= first) {
                    second++;
                }
                int earlier = Math.min(first, second);
                int later = Math.max(first, second);
                yield inFlight.applyAsInt(arc.get(later)) < inFlight.applyAsInt(arc.get(earlier))
                        ? arc.get(later)
                        : arc.get(earlier);
            }
        };
    }
}
