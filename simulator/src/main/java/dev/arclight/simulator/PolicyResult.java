package dev.arclight.simulator;

/**
 * What one policy did on one trace.
 *
 * @param coldStartPercent cold starts over invocations, in percent
 * @param p75ColdStartPercent the 75th percentile (nearest rank) over the functions of their own
 *     cold-start percentage
 * @param wastedMemoryTime MB x minutes held by loaded but idle instances, a shrunk one at {@link
 *     dev.arclight.keepalive.ShrunkMemory#FRACTION}
 * @param peakMemoryMib the most memory held in any minute, busy and idle instances together
 */
public record PolicyResult(
        String name,
        long coldStarts,
        long invocations,
        double coldStartPercent,
        double p75ColdStartPercent,
        double wastedMemoryTime,
        long peakMemoryMib) {}
