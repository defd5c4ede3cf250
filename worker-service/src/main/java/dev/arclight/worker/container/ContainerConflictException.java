package dev.arclight.worker.container;

/** A container with this id already exists on the worker. */
public class ContainerConflictException extends RuntimeException {

    public ContainerConflictException(String id) {
        super("container " + id + " already exists on this worker");
    }
}
