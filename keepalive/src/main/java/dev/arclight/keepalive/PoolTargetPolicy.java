package dev.arclight.keepalive;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many idle pre-booted VMs a sub-pool should hold: enough for the claims predicted to arrive
 * while a new VM boots.
 *
 * <p>Per sub-pool, claims are counted per minute of the clock; each finished minute moves an
 * exponentially weighted rate of claims per minute (half-life {@value #HALF_LIFE_MINUTES} minutes,
 * empty minutes included). The claims expected during one boot lead are {@code mu = rate * lead};
 * since arrivals within a few minutes are close to Poisson, the target is {@code ceil(mu + 2 *
 * sqrt(mu))} (about the 97.5th percentile), clamped to the configured minimum and maximum. A
 * sub-pool never claimed from is at its minimum. State: two numbers and a minute per sub-pool; a
 * sub-pool not claimed from for {@value #MAX_FOLD} minutes has a rate below 1e-9 of what it was,
 * is treated as never claimed from, and is dropped at the next claim of any sub-pool, so the
 * state holds only the sub-pools claimed from in the last five hours.
 */
public final class PoolTargetPolicy {

    static final double HALF_LIFE_MINUTES = 10;
    private static final double KEEP = Math.pow(0.5, 1 / HALF_LIFE_MINUTES);
    /** After this many empty minutes the rate is below 1e-9 of what it was: stop folding. */
    static final int MAX_FOLD = 300;

    /** The configured limits of a sub-pool's target. */
    public record Bounds(int minimum, int maximum) {
        public Bounds {
            if (minimum < 0 || maximum < minimum) {
                throw new IllegalArgumentException("need 0 <= minimum <= maximum, was " + minimum + ", " + maximum);
            }
        }
    }

    private static final class Rate {
        long minute;
        long lastClaim;
        int current;
        double perMinute;
    }

    private final Clock clock;
    private final Duration bootLead;
    private final Bounds bounds;
    private final Map<String, Rate> rates = new HashMap<>();

    public PoolTargetPolicy(Clock clock, Duration bootLead, Bounds bounds) {
        if (bootLead.isNegative() || bootLead.isZero()) {
            throw new IllegalArgumentException("the boot lead must be positive, was " + bootLead);
        }
        this.clock = clock;
        this.bootLead = bootLead;
        this.bounds = bounds;
    }

    /** A VM was claimed from {@code subPool} now. */
    public void claimed(String subPool) {
        long now = minuteNow();
        rates.values().removeIf(r -> now - r.lastClaim >= MAX_FOLD);
        Rate rate = rates.computeIfAbsent(subPool, s -> {
            var fresh = new Rate();
            fresh.minute = minuteNow();
            return fresh;
        });
        fold(rate);
        rate.current++;
        rate.lastClaim = now;
    }

    /** The claims per minute the sub-pool is predicted to see. */
    public double ratePerMinute(String subPool) {
        Rate rate = rates.get(subPool);
        if (rate == null || minuteNow() - rate.lastClaim >= MAX_FOLD) {
            return 0;
        }
        fold(rate);
        return rate.perMinute;
    }

    /** How many sub-pools the policy holds a rate for. */
    public int tracked() {
        return rates.size();
    }

    public int target(String subPool) {
        double mu = ratePerMinute(subPool) * bootLead.toMillis() / 60_000.0;
        long wanted = mu <= 0 ? 0 : (long) Math.ceil(mu + 2 * Math.sqrt(mu) - 1e-9);
        return (int) Math.max(bounds.minimum(), Math.min(bounds.maximum(), wanted));
    }

    private void fold(Rate rate) {
        long now = minuteNow();
        long finished = now - rate.minute;
        if (finished <= 0) {
            return;
        }
        rate.perMinute = KEEP * rate.perMinute + (1 - KEEP) * rate.current;
        for (long m = 1; m < Math.min(finished, MAX_FOLD); m++) {
            rate.perMinute *= KEEP;
        }
        if (finished >= MAX_FOLD) {
            rate.perMinute = 0;
        }
        rate.current = 0;
        rate.minute = now;
    }

    private long minuteNow() {
        return Math.floorDiv(clock.millis(), 60_000);
    }
}
