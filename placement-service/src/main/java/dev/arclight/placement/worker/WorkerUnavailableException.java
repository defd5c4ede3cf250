package dev.arclight.placement.worker;

/**
 * The worker was unreachable, timed out, answered 5xx, or its circuit breaker is open. Counts as a
 * failure for the worker's circuit breaker.
 */
public final class WorkerUnavailableException extends WorkerException {

    public WorkerUnavailableException(String workerId, String message, Throwable cause) {
        super(workerId, message, cause);
    }
}
