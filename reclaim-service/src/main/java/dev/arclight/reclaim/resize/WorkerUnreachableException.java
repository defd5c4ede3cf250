package dev.arclight.reclaim.resize;

/** The worker did not answer, or answered 5xx: worth a retry, and counts against its breaker. */
class WorkerUnreachableException extends RuntimeException {

    WorkerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
