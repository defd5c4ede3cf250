package dev.arclight.reclaim.resize;

/** What became of one resize command sent to a worker. */
public sealed interface ResizeOutcome {

    /** The worker set the balloon target; the guest gets there in its own time. */
    record Accepted(long memoryMib) implements ResizeOutcome {}

    /** The worker answered 4xx: the VM is gone, or the worker will not shrink it now. */
    record Refused(int status, String body) implements ResizeOutcome {}

    /** No answer, or 5xx, after the retries. */
    record Unreachable(String reason) implements ResizeOutcome {}

    /** Not sent: the worker's breaker is open. */
    record BreakerOpen() implements ResizeOutcome {}

    /** Not sent: as many commands to this worker as its bulkhead allows are in flight already. */
    record Crowded() implements ResizeOutcome {}
}
