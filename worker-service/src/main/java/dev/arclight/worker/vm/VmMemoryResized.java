package dev.arclight.worker.vm;

/** Published (as a Spring application event) when a VM's balloon target was set to {@code memoryMib}. */
public record VmMemoryResized(String vmId, long memoryMib) {}
