package dev.arclight.contracts.pool;

import java.util.List;

/**
 * One sub-pool in {@code GET /admin/pool}.
 *
 * @param id its id
 * @param runtimes the runtimes pre-started in its VMs; {@code runtime} is the first, for readers
 *     that expect one
 * @param runtime the first of {@code runtimes}
 * @param memoryMib the memory its VMs boot with
 * @param tenant the tenant it is reserved for, or {@code null}
 * @param minSize configured fewest warm VMs
 * @param maxSize configured most warm VMs
 * @param target how many warm VMs it aims at now (between min and max)
 * @param warm VMs ready to be claimed
 * @param booting VMs booting or being restored for it
 * @param claimsLastMinute claims it served in the last minute
 * @param shortfall VMs it lacks that no worker has room for
 */
public record SubPoolView(
        String id,
        List<String> runtimes,
        String runtime,
        long memoryMib,
        String tenant,
        int minSize,
        int maxSize,
        int target,
        int warm,
        int booting,
        int claimsLastMinute,
        int shortfall) {

    public SubPoolView {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }
}
