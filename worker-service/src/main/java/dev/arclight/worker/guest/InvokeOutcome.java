package dev.arclight.worker.guest;

/** What one invocation in a container came to. */
public sealed interface InvokeOutcome {

    String requestId();

    double durationMs();

    /** At most the last 4 KB the container logged during the invocation. */
    String logTail();

    /** The handler returned; {@code payload} is its JSON result. */
    record Success(String requestId, String payload, double durationMs, String logTail, Double initDurationMs)
            implements InvokeOutcome {}

    /**
     * The function failed: it raised ({@code errorType} is the runtime's, e.g. {@code ValueError}),
     * timed out ({@code Sandbox.Timedout}) or its process died ({@code Runtime.ExitError}, e.g.
     * out of memory). {@code payload} is Lambda's error JSON ({@code errorMessage}, {@code errorType},
     * {@code stackTrace}).
     */
    record FunctionError(String requestId, String errorType, String payload, double durationMs, String logTail)
            implements InvokeOutcome {}
}
