package dev.arclight.contracts.utilization;

/** Where a container is in its life, as a worker reports it. */
public enum ContainerState {
    STARTING,
    IDLE,
    BUSY,
    STOPPING
}
