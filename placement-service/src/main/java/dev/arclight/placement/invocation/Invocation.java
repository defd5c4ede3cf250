package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionReference;
import java.util.Objects;

/**
 * One call of a function, synchronous or taken off the asynchronous topic, with its caller and
 * function already typed: the name is parsed (and an ARN checked against the caller) once, where the
 * call came in, and looked up once, by {@link FunctionResolver}.
 *
 * @param requestId Lambda's request id, fixed when the call was accepted (an asynchronous event keeps
 *     it across retries)
 * @param caller the tenant the gateway authenticated, with its account id
 * @param function the function and qualifier the call names ({@code null} qualifier: {@code $LATEST})
 * @param payload the event, JSON text
 * @param tailLogs whether the caller asked for the last 4 KB of logs ({@code X-Amz-Log-Type: Tail})
 * @param clientContext the caller's {@code X-Amz-Client-Context}, checked, as it came; null when none
 *     (always for an asynchronous event: Lambda passes client context to synchronous calls only)
 */
public record Invocation(
        String requestId,
        Caller caller,
        FunctionReference function,
        String payload,
        boolean tailLogs,
        String clientContext) {

    public Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(function, "function");
        payload = payload == null || payload.isEmpty() ? "{}" : payload;
    }

    public String tenant() {
        return caller.tenant();
    }

    public String functionName() {
        return function.name();
    }

    /** A version, an alias, or {@code null} for {@code $LATEST}. */
    public String qualifier() {
        return function.qualifier();
    }
}
