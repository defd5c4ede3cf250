package dev.arclight.pool.vm;

/**
 * A warm VM offered to a claim, with the tenant its sub-pool is reserved for.
 *
 * @param vm the VM (its lifecycle is {@link VmLifecycle.Warm})
 * @param reservedFor the tenant of its sub-pool, or {@code null} for a shared sub-pool
 */
public record WarmVm(PooledVm vm, String reservedFor) {}
