package dev.arclight.contracts.invocation;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted asynchronous ({@code Event}) invocation, as it waits on {@link
 * dev.arclight.contracts.topic.Topics#ASYNC_INVOCATIONS} to be run, keyed by the unqualified
 * function ARN (so one function's events keep their order within a partition).
 *
 * @param requestId Lambda's request id, returned to the caller with the 202 and kept across retries
 * @param tenant the tenant the gateway authenticated
 * @param functionName the function's name (not an ARN)
 * @param qualifier a version or alias, or {@code null} for {@code $LATEST}
 * @param payload the event, JSON text
 * @param attempt the attempt this record is for, from 1
 * @param acceptedAt when placement accepted the call
 */
public record AsyncInvocationEvent(
        String requestId,
        String tenant,
        String functionName,
        String qualifier,
        String payload,
        int attempt,
        Instant acceptedAt) {

    public AsyncInvocationEvent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
        payload = payload == null || payload.isEmpty() ? "{}" : payload;
    }
}
