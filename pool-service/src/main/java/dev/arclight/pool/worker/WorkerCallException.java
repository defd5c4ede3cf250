package dev.arclight.pool.worker;

/**
 * A worker call that did not succeed: the worker refused ({@code status} 4xx or 5xx, with its
 * error type) or could not be reached ({@code status} 0).
 */
public class WorkerCallException extends RuntimeException {

    private final int status;
    private final String type;

    public WorkerCallException(int status, String type, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
