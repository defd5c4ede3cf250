package dev.arclight.worker.vm;

/** A libvirt operation on a VM failed; the message says which and why. */
public class VmOperationException extends RuntimeException {

    public VmOperationException(String message) {
        super(message);
    }

    public VmOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
