package dev.arclight.reclaim.decision;

/**
 * Where a resize decision is in its life. {@code PENDING} (recorded, not sent yet) and {@code
 * APPLIED} (the worker set the balloon target; the guest has not reached it yet) are in flight;
 * every other status is final.
 */
public sealed interface DecisionStatus {

    /** The status as the decision log and {@code ResizeDecision} spell it. */
    default String name() {
        return switch (this) {
            case Pending p -> "PENDING";
            case Applied a -> "APPLIED";
            case Done d -> "DONE";
            case Partial p -> "PARTIAL";
            case Rejected r -> "REJECTED";
            case Failed f -> "FAILED";
            case Skipped s -> "SKIPPED";
            case Expired e -> "EXPIRED";
        };
    }

    default boolean settled() {
        return !(this instanceof Pending || this instanceof Applied);
    }

    record Pending() implements DecisionStatus {}

    record Applied() implements DecisionStatus {}

    /** The guest's balloon reached the target. */
    record Done(long achievedMib) implements DecisionStatus {}

    /** The guest gave back less than asked within the time it was given. */
    record Partial(long achievedMib) implements DecisionStatus {}

    /** The worker answered with a refusal (the VM is gone, or in use). */
    record Rejected(String detail) implements DecisionStatus {}

    /** The worker could not be reached after the retries. */
    record Failed(String detail) implements DecisionStatus {}

    /** Not sent: the worker's breaker is open, or its address is unknown. */
    record Skipped(String detail) implements DecisionStatus {}

    /** Not sent in time: its evidence is too old to act on. */
    record Expired() implements DecisionStatus {}

    static boolean settled(String name) {
        return !"PENDING".equals(name) && !"APPLIED".equals(name);
    }
}
