package dev.arclight.worker.container;

/** Published (as a Spring application event) when a container of the VM changed state. */
public record ContainersChanged(String vmId) {}
