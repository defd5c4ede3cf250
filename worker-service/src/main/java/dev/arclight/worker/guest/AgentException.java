package dev.arclight.worker.guest;

/**
 * The agent refused or failed a request ({@code "ok": false}), e.g. an unknown container or a
 * runtime that could not initialise. {@link #type()} is the agent's error type, such as {@code
 * Runtime.ImportModuleError} or {@code ContainerBusy}.
 */
public class AgentException extends RuntimeException {

    private final String type;
    private final String reason;
    private final String logTail;
    private final boolean functionError;
    private final String payload;

    public AgentException(String type, String message, String logTail) {
        this(type, message, logTail, false, null);
    }

    /**
     * @param functionError the function's own code failed (its runtime could not initialise), not the
     *     agent or the request
     * @param payload the error JSON the runtime posted, or {@code null}
     */
    public AgentException(String type, String message, String logTail, boolean functionError, String payload) {
        super(type + ": " + message);
        this.type = type;
        this.reason = message;
        this.logTail = logTail;
        this.functionError = functionError;
        this.payload = payload == null || payload.isEmpty() ? null : payload;
    }

    public String type() {
        return type;
    }

    /** The agent's message, without the type. */
    public String reason() {
        return reason;
    }

    /** What the container logged before failing, when the agent sent it; may be empty. */
    public String logTail() {
        return logTail == null ? "" : logTail;
    }

    /** Whether the function's code is at fault: the caller's client gets a function error. */
    public boolean functionError() {
        return functionError;
    }

    /** The error JSON the runtime itself posted, or {@code null}. */
    public String payload() {
        return payload;
    }
}
