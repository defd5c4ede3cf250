package dev.arclight.contracts.invocation;

import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous invocation that failed for good, as placement puts it on {@link
 * dev.arclight.contracts.topic.Topics#ASYNC_INVOCATIONS_DEAD_LETTER}, keyed like the event.
 *
 * @param event the event as it was accepted
 * @param errorType the last failure's type: the function's {@code errorType} (e.g. {@code
 *     RuntimeError}), or a Lambda error type (e.g. {@code ResourceNotFoundException}, {@code
 *     TooManyRequestsException}, {@code ServiceException})
 * @param errorMessage the last failure's message
 * @param attempts how many times the function ran or was tried
 * @param failedAt when the last attempt failed
 */
public record AsyncInvocationFailure(
        AsyncInvocationEvent event, String errorType, String errorMessage, int attempts, Instant failedAt) {

    public AsyncInvocationFailure {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(failedAt, "failedAt");
        errorMessage = errorMessage == null ? "" : errorMessage;
    }
}
