package dev.arclight.contracts.worker;

/**
 * One invocation of a container ({@code POST /containers/{id}/invocations}).
 *
 * @param requestId the invocation's request id; the worker picks one when absent
 * @param payload the event, as JSON text
 * @param clientContext the caller's {@code X-Amz-Client-Context} as it came (base64 of a JSON object), or
 *     {@code null}; the handler sees it decoded
 */
public record InvokeContainerRequest(String requestId, String payload, String clientContext) {}
