package dev.arclight.contracts.pool;

import java.util.List;

/**
 * The answer of {@code GET /admin/pool}: every sub-pool and every worker the pool knows.
 *
 * @param subPools the sub-pools with their sizes
 * @param workers the workers, with their free memory and pooled VMs
 */
public record PoolView(List<SubPoolView> subPools, List<PoolWorkerView> workers) {

    public PoolView {
        subPools = subPools == null ? List.of() : List.copyOf(subPools);
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /**
     * One worker as the pool sees it.
     *
     * @param workerId its id
     * @param live whether its capacity reports are recent
     * @param freeMemoryMib memory its host has not given to VMs, from its last report
     * @param pooledVms VMs of the pool it runs (warm or booting)
     */
    public record PoolWorkerView(String workerId, boolean live, long freeMemoryMib, int pooledVms) {}
}
