package dev.arclight.contracts.pool;

/**
 * How a call found the container that served it: the value of {@code X-Arclight-Start} on every
 * invoke answer, and a tag of placement's invocation metrics.
 */
public enum InvocationStart {
    /** An idle container of the function was waiting. */
    WARM("warm"),
    /** A new container in a VM the tenant already held. */
    TENANT_VM("tenant-vm"),
    /** A new container in a VM claimed from a warm sub-pool. */
    POOL("pool"),
    /** A VM was started for this call. */
    COLD("cold");

    private final String header;

    InvocationStart(String header) {
        this.header = header;
    }

    /** The header value. */
    public String header() {
        return header;
    }
}
