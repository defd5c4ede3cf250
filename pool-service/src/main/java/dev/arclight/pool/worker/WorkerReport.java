package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.WorkerCapacity;
import java.time.Instant;

/**
 * A worker's last capacity report and when this pool received it (by the pool's clock).
 *
 * @param capacity what the worker reported
 * @param receivedAt when the report arrived; a worker is live while this is recent
 */
public record WorkerReport(WorkerCapacity capacity, Instant receivedAt) {

    public String workerId() {
        return capacity.workerId();
    }
}
