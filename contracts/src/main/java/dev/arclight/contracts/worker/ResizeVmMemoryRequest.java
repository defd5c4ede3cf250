package dev.arclight.contracts.worker;

/**
 * Sets a running VM's memory through its balloon ({@code PUT /vms/{id}/memory}), between 64 MiB
 * and the VM's maximum.
 */
public record ResizeVmMemoryRequest(Long memoryMib) {}
