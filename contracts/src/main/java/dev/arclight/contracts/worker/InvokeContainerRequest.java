package dev.arclight.contracts.worker;

/**
 * One invocation of a container ({@code POST /containers/{id}/invocations}).
 *
 * @param requestId the invocation's request id; the worker picks one when absent
 * @param payload the event, as JSON text
 */
public record InvokeContainerRequest(String requestId, String payload) {}
