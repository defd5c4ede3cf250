package dev.arclight.placement.worker;

import dev.arclight.contracts.worker.FunctionInitFailure;

/**
 * The worker answered a 4xx with its {@code WorkerError}: a request it will not serve (unknown VM
 * or container, busy container, bad runtime, no room). The worker itself is healthy, so this does
 * not count against its circuit breaker.
 */
public final class WorkerRejectedException extends WorkerException {

    private final int status;
    private final String type;
    private final FunctionInitFailure initFailure;

    public WorkerRejectedException(String workerId, int status, String type, String message) {
        this(workerId, status, type, message, null);
    }

    public WorkerRejectedException(
            String workerId, int status, String type, String message, FunctionInitFailure initFailure) {
        super(workerId, message, null);
        this.status = status;
        this.type = type;
        this.initFailure = initFailure;
    }

    /**
     * Set when the container could not start because of the function's own code (its runtime
     * exited, an import failed): a function error for the caller, not a platform failure.
     */
    public FunctionInitFailure initFailure() {
        return initFailure;
    }

    /**
     * The worker does not know the container or VM asked for (404 {@code NoSuchContainer} or {@code
     * NoSuchVm}: it restarted, or destroyed the VM): nothing ran, and what placement held there is gone.
     */
    public boolean gone() {
        return status == 404 && ("NoSuchContainer".equals(type) || "NoSuchVm".equals(type));
    }

    public int status() {
        return status;
    }

    /** The {@code WorkerError} type, e.g. {@code NoSuchContainer} or {@code InvalidRuntimeException}. */
    public String type() {
        return type;
    }
}
