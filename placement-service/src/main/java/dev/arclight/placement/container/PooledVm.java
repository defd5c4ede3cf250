package dev.arclight.placement.container;

/** A VM claimed from pool-service for a tenant, and the memory it has after the claim. */
public record PooledVm(VmHandle handle, long memoryMib) {}
