package dev.arclight.contracts.reclaim;

import java.time.Instant;
import java.util.Objects;

/**
 * One resize the reclaim service decided for a VM, at one point of its life. Published on {@link
 * dev.arclight.contracts.topic.Topics#VM_RESIZES}, keyed by VM id, each time its status changes;
 * consumers keep the latest per {@code idempotencyKey}.
 *
 * @param idempotencyKey unique per decision: the VM and the sample time of the utilization sample
 *     it was decided from ({@code vmId@epochMillis}); the same sample never yields two decisions
 * @param vmId the VM
 * @param workerId the worker that runs it
 * @param tenant the tenant that holds it, or {@code null} for a pooled VM
 * @param direction {@code SHRINK} (memory back to the host) or {@code GROW} (memory to the guest)
 * @param reason why, e.g. {@code IDLE}, {@code POOLED}, {@code OVER_PROVISIONED}, {@code PRESSURE}
 * @param fromMemoryMib the VM's balloon target when it was decided
 * @param targetMemoryMib the balloon target asked for
 * @param achievedMemoryMib the balloon size the guest reached, once known, else {@code null}
 * @param status {@code PENDING}, {@code APPLIED} (the worker set the target), {@code DONE} (the
 *     guest reached it), {@code PARTIAL} (the guest gave back less than asked in time), {@code
 *     REJECTED} (the worker refused it), {@code FAILED} (the worker could not be reached), {@code
 *     SKIPPED} (the worker's breaker was open), {@code EXPIRED} (too old to apply)
 * @param detail a human-readable note on the status, or {@code null}
 * @param decidedAt when it was decided
 * @param updatedAt when its status last changed
 */
public record ResizeDecision(
        String idempotencyKey,
        String vmId,
        String workerId,
        String tenant,
        String direction,
        String reason,
        long fromMemoryMib,
        long targetMemoryMib,
        Long achievedMemoryMib,
        String status,
        String detail,
        Instant decidedAt,
        Instant updatedAt) {

    public ResizeDecision {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
