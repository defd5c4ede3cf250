package dev.arclight.gateway.invoke;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Why forwarding a call to a placement instance failed, which decides what happens next: a call
 * that was never sent may go to another instance (it cannot have run), any other may have run, so
 * it is never repeated.
 */
enum SendFailure {
    /** Refused, connect timed out, breaker open, bulkhead full: nothing reached the instance. */
    NOT_SENT,
    /** Sent, and no answer within the call's time limit. */
    TIMED_OUT,
    /** Sent, and the connection broke or the answer was unreadable. */
    BROKEN;

    static SendFailure of(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof CallNotPermittedException
                    || cause instanceof BulkheadFullException
                    || cause instanceof NotSentException) {
                return NOT_SENT;
            }
            if (cause instanceof TimeoutException) {
                return TIMED_OUT;
            }
        }
        return BROKEN;
    }
}
