package dev.arclight.worker.container;

/**
 * The container is serving another invocation (or still starting). Lambda never queues a call on a
 * busy sandbox: the caller must pick or start another container.
 */
public class ContainerBusyException extends RuntimeException {

    public ContainerBusyException(String id, Container.State state) {
        super("container " + id + " is " + state.name().toLowerCase() + " and takes one invocation at a time");
    }
}
