package dev.arclight.worker.guest;

/**
 * The agent refused or failed a request ({@code "ok": false}), e.g. an unknown container or a
 * runtime that could not initialise. {@link #type()} is the agent's error type, such as {@code
 * Runtime.ImportModuleError} or {@code ContainerBusy}.
 */
public class AgentException extends RuntimeException {

    private final String type;
    private final String logTail;

    public AgentException(String type, String message, String logTail) {
        super(type + ": " + message);
        this.type = type;
        this.logTail = logTail;
    }

    public String type() {
        return type;
    }

    /** What the container logged before failing, when the agent sent it; may be empty. */
    public String logTail() {
        return logTail == null ? "" : logTail;
    }
}
