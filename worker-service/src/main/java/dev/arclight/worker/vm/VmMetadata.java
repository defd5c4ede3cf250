package dev.arclight.worker.vm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What Arclight writes into each domain's {@code <metadata>} so that a restarted worker can tell
 * its own VMs from anything else on the host, and knows whom they served.
 */
public record VmMetadata(
        String workerId, String vmId, Optional<String> tenant, Instant createdAt, StartMethod startedBy) {

    /** Arclight's XML namespace for domain metadata. */
    public static final String NAMESPACE = "https://arclight.dev/xmlns/vm/1";

    public VmMetadata {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedBy, "startedBy");
    }

    public VmMetadata(String workerId, String vmId, Optional<String> tenant, Instant createdAt) {
        this(workerId, vmId, tenant, createdAt, StartMethod.BOOT);
    }
}
