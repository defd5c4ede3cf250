package dev.arclight.simulator;

import dev.arclight.keepalive.ShrunkMemory;

/**
 * What a loaded, idle instance costs in a replay. The baselines run as published, on platforms
 * without balloon reclaim, where an idle instance holds all its memory; Arclight's platform shrinks
 * an idle VM after reclaim's idle-after (60 s, so from the second idle minute on) to the measured
 * {@link ShrunkMemory#FRACTION}. {@code +reclaim} rows charge a baseline the same way, to show what
 * reclaim alone buys it.
 */
public enum IdleMemory {
    /** Every idle minute in full. */
    FULL,
    /** The first idle minute in full, every later one at the shrunk fraction. */
    RECLAIM;

    /** Memory held in the {@code idleMinute}-th (from 1) minute of an idle stretch. */
    double cost(double memoryMb, int idleMinute) {
        return this == RECLAIM && idleMinute > 1 ? memoryMb * ShrunkMemory.FRACTION : memoryMb;
    }
}
