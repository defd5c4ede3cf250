package dev.arclight.keepalive;

import java.time.Duration;

/**
 * The configured limits of a learnt keep-alive: an idle instance always stays at least {@code
 * minimum} after an invocation, and nothing is kept or pre-warmed later than {@code maximum}.
 */
public record KeepAliveBounds(Duration minimum, Duration maximum) {

    /** The histogram's whole range: nothing is known beyond 4 hours. */
    public static final KeepAliveBounds DEFAULT = new KeepAliveBounds(Duration.ZERO, Duration.ofHours(4));

    public KeepAliveBounds {
        if (minimum.isNegative() || maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("need 0 <= minimum <= maximum, was " + minimum + ", " + maximum);
        }
    }
}
