package dev.arclight.worker.vm;

/** How the worker started a VM: booted it, or restored it from a template's saved state. */
public enum StartMethod {
    BOOT,
    RESTORE;

    /** As the API and the metrics spell it. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
