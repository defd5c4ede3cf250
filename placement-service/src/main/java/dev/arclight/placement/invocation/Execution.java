package dev.arclight.placement.invocation;

/**
 * A synchronous call's outcome together with how it was served, for the response headers.
 *
 * @param cold whether a container was started for the call ({@code X-Arclight-Start: cold})
 */
public record Execution(InvocationOutcome outcome, boolean cold) {

    public String start() {
        return cold ? "cold" : "warm";
    }
}
