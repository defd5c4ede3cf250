package dev.arclight.reclaim.policy;

/** What {@link ResizePolicy} concluded from one sample: leave the VM alone, or resize it. */
public sealed interface Verdict {

    /** Nothing to do; {@code reason} says why, for logs and tests. */
    record Hold(String reason) implements Verdict {}

    /**
     * Resize the VM's balloon target from {@code fromMib} to {@code targetMib}.
     *
     * @param reason {@code IDLE}, {@code POOLED}, {@code OVER_PROVISIONED} or {@code PRESSURE}
     * @param backoffLevel carried into the decision: how often in a row a shrink was undone
     */
    record Resize(Direction direction, String reason, long fromMib, long targetMib, int backoffLevel)
            implements Verdict {}
}
