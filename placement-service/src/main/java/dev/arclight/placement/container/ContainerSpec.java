package dev.arclight.placement.container;

import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start a container for a function version. The code stays in the registry
 * and is read (by its digest) only when a container is started.
 */
public record ContainerSpec(
        ContainerKey key,
        String runtime,
        String handler,
        int memoryMib,
        int timeoutSeconds,
        Map<String, String> environment,
        String codeSha256) {

    public ContainerSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(codeSha256, "codeSha256");
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        if (memoryMib <= 0 || timeoutSeconds <= 0) {
            throw new IllegalArgumentException("memory and timeout must be positive");
        }
    }

    public String tenant() {
        return key.tenant();
    }
}
