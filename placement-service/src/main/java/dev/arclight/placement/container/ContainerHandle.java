package dev.arclight.placement.container;

/** A started container: the worker and VM it runs in, and its id on that worker. */
public record ContainerHandle(String workerId, String vmId, String containerId) {}
