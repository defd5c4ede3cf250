package dev.arclight.placement.container;

/** A VM this instance booted: where it runs and its id there. */
public record VmHandle(String workerId, String vmId) {}
