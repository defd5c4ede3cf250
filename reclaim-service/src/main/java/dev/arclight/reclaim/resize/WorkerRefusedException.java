package dev.arclight.reclaim.resize;

/** The worker answered 4xx: retrying would get the same answer, and the worker is healthy. */
class WorkerRefusedException extends RuntimeException {

    final int status;
    final String body;

    WorkerRefusedException(int status, String body) {
        super("worker answered " + status + ": " + body);
        this.status = status;
        this.body = body;
    }
}
