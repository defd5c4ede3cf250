package dev.arclight.worker.vm;

/** A VM did not become ready; it has been destroyed, and the message ends with its console's tail. */
public class VmBootException extends VmOperationException {

    public VmBootException(String message) {
        super(message);
    }
}
