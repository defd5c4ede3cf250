package dev.arclight.placement.invocation;

/**
 * What a call that reached a container came to. Calls that never did (unknown function,
 * throttled, no capacity) end in a {@code LambdaException} instead, which the caller sees as an
 * error status; a function that fails is still a 200 to the caller, with {@code X-Amz-Function-Error}.
 */
public sealed interface InvocationOutcome {

    /** The version that ran, for {@code X-Amz-Executed-Version}. */
    String executedVersion();

    /** At most the last 4 KB of the container's log during the call. */
    String logTail();

    double durationMs();

    record Succeeded(String executedVersion, String payload, String logTail, double durationMs)
            implements InvocationOutcome {}

    /**
     * @param errorType the function error's type ({@code Unhandled} for a raised error, as Lambda
     *     reports it in {@code X-Amz-Function-Error}, and the original type inside {@code errorJson})
     * @param errorJson Lambda's error body: {@code errorMessage}, {@code errorType}, {@code stackTrace}
     */
    record FunctionFailed(String executedVersion, String errorType, String errorJson, String logTail, double durationMs)
            implements InvocationOutcome {}
}
