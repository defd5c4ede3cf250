package dev.arclight.placement.container;

import java.util.List;

/**
 * A VM claimed from pool-service for a tenant, the memory it has after the claim and the runtimes
 * it keeps pre-started.
 */
public record PooledVm(VmHandle handle, long memoryMib, List<String> runtimes) {

    public PooledVm {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }

    /** A claimed VM whose pre-started runtimes are not known. */
    public PooledVm(VmHandle handle, long memoryMib) {
        this(handle, memoryMib, List.of());
    }
}
