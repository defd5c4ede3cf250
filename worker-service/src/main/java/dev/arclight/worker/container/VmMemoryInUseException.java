package dev.arclight.worker.container;

/** A shrink would take memory that a container starting or running in the VM may use. */
public class VmMemoryInUseException extends RuntimeException {

    public VmMemoryInUseException(String vmId, long askedMib, long needMib) {
        super("VM " + vmId + " has a container starting or running that may use up to " + needMib
                + " MiB; not shrinking it to " + askedMib + " MiB now");
    }
}
