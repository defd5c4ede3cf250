package dev.arclight.contracts.worker;

/**
 * What one invocation came to. A function that fails is still a 200 answer, with {@code status}
 * {@code error}.
 *
 * @param requestId the invocation's request id
 * @param status {@code success} or {@code error}
 * @param payload the handler's result, or Lambda's error JSON ({@code errorMessage}, {@code errorType},
 *     {@code stackTrace})
 * @param errorType the function error's type (e.g. {@code ValueError}, {@code Sandbox.Timedout}), or
 *     {@code null} on success
 * @param durationMs how long the handler ran
 * @param logTail at most the last 4 KB the container logged during the invocation
 * @param initDurationMs how long the runtime took to initialise, on a cold invocation only
 */
public record InvokeContainerResult(
        String requestId,
        String status,
        String payload,
        String errorType,
        double durationMs,
        String logTail,
        Double initDurationMs) {

    public static final String SUCCESS = "success";
    public static final String ERROR = "error";
}
