package dev.arclight.worker.vm;

/** The worker has no VM with this id. */
public class NoSuchVmException extends VmOperationException {

    public NoSuchVmException(String id) {
        super("no VM " + id + " on this worker");
    }
}
