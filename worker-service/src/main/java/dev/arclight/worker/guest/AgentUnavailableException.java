package dev.arclight.worker.guest;

/** The agent did not answer: the channel is closed, the VM is gone, or the reply timed out. */
public class AgentUnavailableException extends RuntimeException {

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
