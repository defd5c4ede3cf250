package dev.arclight.placement.worker;

/**
 * The worker answered a 4xx with its {@code WorkerError}: a request it will not serve (unknown VM
 * or container, busy container, bad runtime, no room). The worker itself is healthy, so this does
 * not count against its circuit breaker.
 */
public final class WorkerRejectedException extends WorkerException {

    private final int status;
    private final String type;

    public WorkerRejectedException(String workerId, int status, String type, String message) {
        super(workerId, message, null);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    /** The {@code WorkerError} type, e.g. {@code NoSuchContainer} or {@code InvalidRuntimeException}. */
    public String type() {
        return type;
    }
}
