package dev.arclight.reclaim.policy;

import java.time.Instant;

/**
 * The newest decision already made about a VM, as the policy needs to know it.
 *
 * @param fromSampleAt sample time of the utilization sample it was decided from
 * @param settled whether its outcome is final (anything but pending or applied-unconfirmed)
 * @param backoffLevel how many times in a row a shrink of this VM was undone before it
 */
public record LastResize(
        Direction direction,
        long targetMemoryMib,
        Instant decidedAt,
        Instant fromSampleAt,
        boolean settled,
        int backoffLevel) {}
