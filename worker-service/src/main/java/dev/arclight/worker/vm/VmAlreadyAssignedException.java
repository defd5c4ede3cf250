package dev.arclight.worker.vm;

/** The VM already serves another tenant; a VM never changes tenant. */
public class VmAlreadyAssignedException extends VmOperationException {

    public VmAlreadyAssignedException(String id, String tenant) {
        super("VM " + id + " already serves another tenant (" + tenant + ")");
    }
}
