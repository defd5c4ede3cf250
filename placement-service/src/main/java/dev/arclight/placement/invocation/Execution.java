package dev.arclight.placement.invocation;

import dev.arclight.contracts.pool.InvocationStart;

/**
 * A synchronous call's outcome together with how it found its container, for {@code
 * X-Arclight-Start} and the metrics.
 */
public record Execution(InvocationOutcome outcome, InvocationStart start) {}
