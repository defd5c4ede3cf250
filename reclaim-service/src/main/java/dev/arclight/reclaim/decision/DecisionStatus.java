package dev.arclight.reclaim.decision;

/**
 * Where a resize decision is in its life. {@code PENDING} (recorded, not sent yet) and {@code
 * APPLIED} (the worker set the balloon target; the guest has not reached it yet) are in flight;
 * every other status is final.
 */
public sealed interface DecisionStatus {

    String name();

    default boolean settled() {
        return !(this instanceof Pending || this instanceof Applied);
    }

    record Pending() implements DecisionStatus {
        public String name() {
            return "PENDING";
        }
    }

    record Applied() implements DecisionStatus {
        public String name() {
            return "APPLIED";
        }
    }

    /** The guest's balloon reached the target. */
    record Done(long achievedMib) implements DecisionStatus {
        public String name() {
            return "DONE";
        }
    }

    /** The guest gave back less than asked within the time it was given. */
    record Partial(long achievedMib) implements DecisionStatus {
        public String name() {
            return "PARTIAL";
        }
    }

    /** The worker answered with a refusal (the VM is gone, or in use). */
    record Rejected(String detail) implements DecisionStatus {
        public String name() {
            return "REJECTED";
        }
    }

    /** The worker could not be reached after the retries. */
    record Failed(String detail) implements DecisionStatus {
        public String name() {
            return "FAILED";
        }
    }

    /** Not sent: the worker's breaker is open, or its address is unknown. */
    record Skipped(String detail) implements DecisionStatus {
        public String name() {
            return "SKIPPED";
        }
    }

    /** Not sent in time: its evidence is too old to act on. */
    record Expired() implements DecisionStatus {
        public String name() {
            return "EXPIRED";
        }
    }

    static boolean settled(String name) {
        return !"PENDING".equals(name) && !"APPLIED".equals(name);
    }
}
