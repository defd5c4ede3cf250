package dev.arclight.contracts.utilization;

import java.util.Objects;

/**
 * One container inside a VM.
 *
 * @param containerId id of the container, unique on its worker
 * @param functionArn qualified ARN of the function version it runs
 * @param state what it is doing
 * @param memoryLimitMib the memory the function asked for
 * @param memoryUsedMib what its processes use now
 */
public record ContainerUtilization(
        String containerId, String functionArn, ContainerState state, long memoryLimitMib, long memoryUsedMib) {

    public ContainerUtilization {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(state, "state");
    }
}
