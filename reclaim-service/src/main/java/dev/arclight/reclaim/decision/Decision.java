package dev.arclight.reclaim.decision;

import dev.arclight.contracts.reclaim.ResizeDecision;
import dev.arclight.reclaim.policy.Direction;
import dev.arclight.reclaim.policy.LastResize;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One resize decision as the decision log keeps it. */
@Entity
@Table(name = "resize_decisions")
public class Decision {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String idempotencyKey;
    private String vmId;
    private String workerId;
    private String tenant;
    private String direction;
    private String reason;
    private long fromMemoryMib;
    private long targetMemoryMib;
    private Long achievedMemoryMib;
    private int backoffLevel;
    private String status;
    private String detail;
    private int attempts;
    private Instant fromSampleAt;
    private Instant decidedAt;
    private Instant appliedAt;
    private Instant settledAt;
    private Instant updatedAt;
    private Instant claimedUntil;

    protected Decision() {}

    Decision(
            String idempotencyKey,
            String vmId,
            String workerId,
            String tenant,
            Direction direction,
            String reason,
            long fromMemoryMib,
            long targetMemoryMib,
            int backoffLevel,
            Instant fromSampleAt,
            Instant decidedAt) {
        this.idempotencyKey = idempotencyKey;
        this.vmId = vmId;
        this.workerId = workerId;
        this.tenant = tenant;
        this.direction = direction.name();
        this.reason = reason;
        this.fromMemoryMib = fromMemoryMib;
        this.targetMemoryMib = targetMemoryMib;
        this.backoffLevel = backoffLevel;
        this.status = "PENDING";
        this.fromSampleAt = fromSampleAt;
        this.decidedAt = decidedAt;
        this.updatedAt = decidedAt;
    }

    /** {@code vm@sampleMillis}: one decision at most per utilization sample. */
    static String keyOf(String vmId, Instant sampledAt) {
        return vmId + "@" + sampledAt.toEpochMilli();
    }

    void moveTo(DecisionStatus next, Instant at) {
        status = next.name();
        updatedAt = at;
        claimedUntil = null;
        switch (next) {
            case DecisionStatus.Applied applied -> appliedAt = at;
            case DecisionStatus.Done done -> settle(done.achievedMib(), null, at);
            case DecisionStatus.Partial partial -> settle(partial.achievedMib(), null, at);
            case DecisionStatus.Rejected rejected -> settle(null, rejected.detail(), at);
            case DecisionStatus.Failed failed -> settle(null, failed.detail(), at);
            case DecisionStatus.Skipped skipped -> settle(null, skipped.detail(), at);
            case DecisionStatus.Expired expired -> settle(null, "not sent within its time to live", at);
            case DecisionStatus.Pending pending -> {}
        }
    }

    private void settle(Long achieved, String note, Instant at) {
        achievedMemoryMib = achieved;
        detail = note == null ? null : note.length() > 500 ? note.substring(0, 500) : note;
        settledAt = at;
    }

    LastResize asLast() {
        return new LastResize(
                Direction.valueOf(direction),
                targetMemoryMib,
                decidedAt,
                fromSampleAt,
                DecisionStatus.settled(status),
                backoffLevel);
    }

    public ResizeDecision event() {
        return new ResizeDecision(
                idempotencyKey,
                vmId,
                workerId,
                tenant,
                direction,
                reason,
                fromMemoryMib,
                targetMemoryMib,
                achievedMemoryMib,
                status,
                detail,
                decidedAt,
                updatedAt);
    }

    public Long id() {
        return id;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String vmId() {
        return vmId;
    }

    public String workerId() {
        return workerId;
    }

    public String tenant() {
        return tenant;
    }

    public Direction direction() {
        return Direction.valueOf(direction);
    }

    public String reason() {
        return reason;
    }

    public long fromMemoryMib() {
        return fromMemoryMib;
    }

    public long targetMemoryMib() {
        return targetMemoryMib;
    }

    public Long achievedMemoryMib() {
        return achievedMemoryMib;
    }

    public String status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public int attempts() {
        return attempts;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public Instant appliedAt() {
        return appliedAt;
    }

    public Instant settledAt() {
        return settledAt;
    }

    /** Memory this decision gave back to the host, once settled; 0 for grows and failures. */
    public long reclaimedMib() {
        return direction() == Direction.SHRINK && achievedMemoryMib != null
                ? Math.max(0, fromMemoryMib - achievedMemoryMib)
                : 0;
    }
}
