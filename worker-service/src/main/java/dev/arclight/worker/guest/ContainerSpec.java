package dev.arclight.worker.guest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent needs to start a container: one function version's runtime process, with its
 * own code, limits and environment.
 *
 * @param containerId unique within the VM
 * @param runtime a Lambda runtime identifier the guest has, e.g. {@code python3.11}
 * @param handler e.g. {@code handler.handler}; ignored by {@code provided*} runtimes
 * @param code the deployment package (a zip)
 * @param memoryMib the container's memory limit
 * @param timeout the invocation timeout
 * @param environment the function's environment variables
 * @param pidsMax the most processes and threads the container may have at once (its cgroup's
 *     {@code pids.max}): what stops a fork bomb
 */
public record ContainerSpec(
        String containerId,
        String runtime,
        String handler,
        byte[] code,
        int memoryMib,
        Duration timeout,
        Map<String, String> environment,
        String functionName,
        String functionVersion,
        int pidsMax) {

    public ContainerSpec {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        if (pidsMax < 1) {
            throw new IllegalArgumentException("pidsMax must be at least 1, was " + pidsMax);
        }
        if (memoryMib < 16) {
            throw new IllegalArgumentException("memoryMib must be at least 16, was " + memoryMib);
        }
    }
}
