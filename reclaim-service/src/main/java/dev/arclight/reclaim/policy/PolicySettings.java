package dev.arclight.reclaim.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers {@link ResizePolicy} decides by.
 *
 * @param idleAfter a tenant's VM with no invocation for this long is idle
 * @param headroomMib memory left above what the guest uses, for its next page faults
 * @param floorMib the least any VM is shrunk to: the guest's kernel, agent and pre-started runtimes
 * @param minStepMib resizes smaller than this are not worth a balloon round trip
 * @param minSamples samples of a VM seen before anything is decided about it
 * @param observation how long a busy VM is watched before it is shrunk to its peak
 * @param cooldown the least time between two decisions about one VM
 * @param maxCooldown the most the cooldown grows to when shrinks keep being undone
 */
public record PolicySettings(
        Duration idleAfter,
        long headroomMib,
        long floorMib,
        long minStepMib,
        int minSamples,
        Duration observation,
        Duration cooldown,
        Duration maxCooldown) {

    /** The worker refuses balloon targets below this. */
    public static final long WORKER_MINIMUM_MIB = 64;

    public PolicySettings {
        Objects.requireNonNull(idleAfter, "idleAfter");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        if (floorMib < WORKER_MINIMUM_MIB) {
            throw new IllegalArgumentException(
                    "floor must be at least " + WORKER_MINIMUM_MIB + " MiB, was " + floorMib);
        }
        if (headroomMib < 0 || minStepMib < 1 || minSamples < 1) {
            throw new IllegalArgumentException("headroom >= 0, min step >= 1 and min samples >= 1 are required");
        }
        if (maxCooldown.compareTo(cooldown) < 0) {
            throw new IllegalArgumentException("max cooldown " + maxCooldown + " is below cooldown " + cooldown);
        }
    }
}
