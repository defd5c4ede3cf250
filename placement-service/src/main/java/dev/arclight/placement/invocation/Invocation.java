package dev.arclight.placement.invocation;

import java.util.Objects;

/**
 * One call of a function, synchronous or taken off the asynchronous topic.
 *
 * @param requestId Lambda's request id, fixed when the call was accepted (an asynchronous event keeps
 *     it across retries)
 * @param tenant the tenant the gateway authenticated
 * @param functionName the function's name, as the path gave it (a name, not an ARN)
 * @param qualifier a version, an alias, or {@code null} for {@code $LATEST}
 * @param payload the event, JSON text
 * @param tailLogs whether the caller asked for the last 4 KB of logs ({@code X-Amz-Log-Type: Tail})
 * @param clientContext the caller's {@code X-Amz-Client-Context}, checked, as it came; null when none
 *     (always for an asynchronous event: Lambda passes client context to synchronous calls only)
 */
public record Invocation(
        String requestId,
        String tenant,
        String functionName,
        String qualifier,
        String payload,
        boolean tailLogs,
        String clientContext) {

    /** A call without client context. */
    public Invocation(
            String requestId, String tenant, String functionName, String qualifier, String payload, boolean tailLogs) {
        this(requestId, tenant, functionName, qualifier, payload, tailLogs, null);
    }

    public Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(functionName, "functionName");
        payload = payload == null || payload.isEmpty() ? "{}" : payload;
    }
}
