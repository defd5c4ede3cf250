package dev.arclight.pool.subpool;

import java.util.List;

/**
 * A sub-pool as the decisions see it.
 *
 * @param id its id
 * @param runtimes the runtimes pre-started in each of its VMs
 * @param memoryMib the memory its VMs boot with
 * @param maxMemoryMib the most a claim may grow one of its VMs to
 * @param tenant the tenant it is reserved for, or {@code null} for any tenant
 * @param minSize the fewest warm VMs it keeps
 * @param maxSize the most it keeps
 */
public record SubPoolDefinition(
        String id, List<String> runtimes, long memoryMib, long maxMemoryMib, String tenant, int minSize, int maxSize) {

    public SubPoolDefinition {
        runtimes = List.copyOf(runtimes);
    }

    public boolean reserved() {
        return tenant != null;
    }
}
