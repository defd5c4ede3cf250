package dev.arclight.contracts.pool;

import java.util.List;

/**
 * Defines or edits a sub-pool through pool-service's admin API ({@code PUT /sub-pools/{id}}).
 *
 * @param runtimes the runtimes pre-started in each of its VMs, e.g. {@code ["python3.11"]}
 * @param memoryMib the memory each of its VMs boots with
 * @param tenant the one tenant it is reserved for, or {@code null} for any tenant
 * @param minSize the fewest warm VMs the pool keeps, whatever the demand
 * @param maxSize the most warm VMs it may keep
 */
public record SubPoolRequest(List<String> runtimes, Long memoryMib, String tenant, Integer minSize, Integer maxSize) {

    public SubPoolRequest {
        runtimes = runtimes == null ? null : List.copyOf(runtimes);
    }
}
