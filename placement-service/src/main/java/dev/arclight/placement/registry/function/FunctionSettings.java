package dev.arclight.placement.registry.function;

import java.util.Map;

/**
 * What a version of a function is configured with, apart from its code. $LATEST holds one that
 * UpdateFunctionConfiguration changes; a published version holds an immutable copy.
 */
public record FunctionSettings(
        String runtime,
        String handler,
        String role,
        int memoryMib,
        int timeoutSeconds,
        String description,
        Map<String, String> environment) {

    public FunctionSettings {
        description = description == null ? "" : description;
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
