package dev.arclight.reclaim.policy;

import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells from a VM's utilization samples whether a resize the worker accepted has happened. The
 * worker only sets the balloon's target; the guest's balloon driver decides how fast (and whether)
 * it gives the memory back, and the next samples show the balloon's actual size.
 *
 * <p>A sample taken before the resize was applied says nothing. One whose balloon is within
 * {@code tolerance} of the target settles it as {@code DONE}. Once {@code confirmWithin} has passed
 * since the resize was applied, the first sample that has not reached the target settles it as
 * {@code PARTIAL}, with the balloon size the guest did reach. Sample times are the worker's clock,
 * the applied time reclaim's: hosts are assumed NTP-synchronized, a skew only moves the deadline.
 */
public final class Settlement {

    /** A resize's final outcome. */
    public record Settled(String status, long achievedMib) {}

    private final long toleranceMib;
    private final Duration confirmWithin;

    public Settlement(long toleranceMib, Duration confirmWithin) {
        this.toleranceMib = toleranceMib;
        this.confirmWithin = confirmWithin;
    }

    public Optional<Settled> judge(Direction direction, long targetMib, Instant appliedAt, VmUtilization sample) {
        if (sample.sampledAt().isBefore(appliedAt)) {
            return Optional.empty();
        }
        long balloon = sample.balloonMemoryMib();
        boolean reached = direction == Direction.SHRINK
                ? balloon <= targetMib + toleranceMib
                : balloon >= targetMib - toleranceMib;
        if (reached) {
            return Optional.of(new Settled("DONE", balloon));
        }
        if (Duration.between(appliedAt, sample.sampledAt()).compareTo(confirmWithin) >= 0) {
            return Optional.of(new Settled("PARTIAL", balloon));
        }
        return Optional.empty();
    }
}
