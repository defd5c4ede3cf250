package dev.arclight.contracts.worker;

/**
 * One invocation of a container ({@code POST /containers/{id}/invocations}).
 *
 * @param requestId the invocation's request id; the worker picks one when absent
 * @param payload the event, as JSON text
 * @param clientContext the caller's {@code X-Amz-Client-Context} as it came (base64 of a JSON
 *     object, already checked by the gateway and placement), for the runtime to hand to the
 *     function; null when the caller sent none
 */
public record InvokeContainerRequest(String requestId, String payload, String clientContext) {

    /** An invocation without client context. */
    public InvokeContainerRequest(String requestId, String payload) {
        this(requestId, payload, null);
    }
}
