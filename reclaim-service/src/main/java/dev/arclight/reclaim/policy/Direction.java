package dev.arclight.reclaim.policy;

/** Which way a resize moves a VM's balloon target. */
public enum Direction {
    /** Memory back to the host. */
    SHRINK,
    /** Memory back to the guest. */
    GROW
}
