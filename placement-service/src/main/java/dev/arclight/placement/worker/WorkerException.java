package dev.arclight.placement.worker;

/**
 * A worker call that did not give an answer of the expected kind. Two cases matter to a caller:
 * the worker could not be reached or failed ({@link WorkerUnavailableException}: whatever it held
 * for us may be gone), or it understood and refused ({@link WorkerRejectedException}).
 */
public abstract sealed class WorkerException extends RuntimeException
        permits WorkerUnavailableException, WorkerRejectedException {

    private final String workerId;

    WorkerException(String workerId, String message, Throwable cause) {
        super(message, cause);
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }
}
