package dev.arclight.worker.container;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** What it takes to start a container: the function version, its code and its limits. */
public record ContainerRequest(
        String containerId,
        String functionArn,
        String functionVersion,
        String runtime,
        String handler,
        byte[] code,
        int memoryMib,
        Duration timeout,
        Map<String, String> environment) {

    public ContainerRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
