package dev.arclight.keepalive;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * When a function's instance should be loaded, counted from the end of its last invocation: a
 * sorted list of closed intervals. The usual shapes are one interval from zero (keep alive for a
 * while) and one interval that starts later (unload now, pre-warm at its start, keep until its
 * end); learnt schedules may have more, one per mode of the idle times.
 */
public record Schedule(List<Interval> loaded) {

    /** Unload as soon as the invocation ends. */
    public static final Schedule NONE = new Schedule(List.of());

    /** Loaded from {@code from} to {@code to} after the last invocation, both included. */
    public record Interval(Duration from, Duration to) {
        public Interval {
            if (from.isNegative() || to.compareTo(from) < 0) {
                throw new IllegalArgumentException("not an interval: " + from + ".." + to);
            }
        }

        public boolean contains(Duration sinceLast) {
            return sinceLast.compareTo(from) >= 0 && sinceLast.compareTo(to) <= 0;
        }
    }

    public Schedule {
        loaded = loaded.stream().sorted(Comparator.comparing(Interval::from)).toList();
    }

    public static Schedule keepAlive(Duration window) {
        return window.isZero() || window.isNegative()
                ? NONE
                : new Schedule(List.of(new Interval(Duration.ZERO, window)));
    }

    /** Unload, load again after {@code preWarm}, keep loaded for {@code keepAlive} more. */
    public static Schedule preWarm(Duration preWarm, Duration keepAlive) {
        if (preWarm.isZero()) {
            return keepAlive(keepAlive);
        }
        return new Schedule(List.of(new Interval(preWarm, preWarm.plus(keepAlive))));
    }

    public boolean isLoadedAt(Duration sinceLast) {
        for (Interval interval : loaded) {
            if (interval.contains(sinceLast)) {
                return true;
            }
        }
        return false;
    }

    /** How long to wait before (re)loading: zero when the instance stays loaded after the call. */
    public Duration preWarm() {
        return loaded.isEmpty() ? Duration.ZERO : loaded.getFirst().from();
    }

    /** How long the first loaded interval lasts (the keep-alive window after the pre-warm). */
    public Duration keepAlive() {
        return loaded.isEmpty()
                ? Duration.ZERO
                : loaded.getFirst().to().minus(loaded.getFirst().from());
    }

    /** The end of the last loaded interval: after it the instance is not needed until called. */
    public Duration end() {
        return loaded.stream().map(Interval::to).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
