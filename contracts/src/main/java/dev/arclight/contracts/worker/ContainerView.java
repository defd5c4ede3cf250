package dev.arclight.contracts.worker;

import java.time.Instant;

/**
 * A container as its worker sees it.
 *
 * @param containerId id of the container on its worker
 * @param vmId the VM it runs in
 * @param functionArn the function's qualified ARN
 * @param functionVersion the version it runs
 * @param runtime its Lambda runtime identifier
 * @param memoryMib its memory limit
 * @param state {@code starting}, {@code idle}, {@code busy} or {@code stopped}
 * @param invocations invocations it has served
 * @param lastInvocationAt when it last served one, or {@code null}
 */
public record ContainerView(
        String containerId,
        String vmId,
        String functionArn,
        String functionVersion,
        String runtime,
        int memoryMib,
        String state,
        long invocations,
        Instant lastInvocationAt) {}
