package dev.arclight.placement.registry.function;

import dev.arclight.contracts.registry.FunctionSnapshot;

/**
 * A committed change of a function, for the registry topic.
 *
 * @param functionArn the unqualified ARN, the record key
 * @param snapshot the function's new state, or {@code null} when it was deleted
 */
public record FunctionChanged(String functionArn, FunctionSnapshot snapshot) {}
