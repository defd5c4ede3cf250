package dev.arclight.worker.container;

/** The worker has no container with this id. */
public class NoSuchContainerException extends RuntimeException {

    public NoSuchContainerException(String id) {
        super("no container " + id + " on this worker");
    }
}
