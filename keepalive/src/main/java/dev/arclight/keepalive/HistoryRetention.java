package dev.arclight.keepalive;

import java.time.Duration;

/**
 * How much a policy remembers: a function not invoked for {@code forgetAfter} is dropped (its
 * history would be stale, and a function that comes back starts again from the population's
 * prior), and at most {@code maxFunctions} are tracked, the least recently invoked dropped first.
 * With one history under 1 KB serialised, the default bounds a holder's state to about 20 MB.
 */
public record HistoryRetention(Duration forgetAfter, int maxFunctions) {

    /** A week (longer than the 4 h histogram range and any daily pattern), 20,000 functions. */
    public static final HistoryRetention DEFAULT = new HistoryRetention(Duration.ofDays(7), 20_000);

    public HistoryRetention {
        if (forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("forgetAfter must be positive, was " + forgetAfter);
        }
        if (maxFunctions < 1) {
            throw new IllegalArgumentException("maxFunctions must be at least 1, was " + maxFunctions);
        }
    }
}
