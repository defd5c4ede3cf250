package dev.arclight.localstack;

/**
 * A failure the user can act on (a busy port, a read-only directory, a database that would not
 * start). Its message is complete on its own, so the entry point prints it as one line instead of a
 * stack trace.
 */
public final class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
