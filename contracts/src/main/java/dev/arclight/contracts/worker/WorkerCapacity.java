package dev.arclight.contracts.worker;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One worker's host capacity at a moment: what its host has, what its VMs have been given, and the
 * address its API answers on. Published on {@link dev.arclight.contracts.topic.Topics#WORKER_CAPACITY}.
 *
 * @param workerId stable id of the worker (one per KVM host)
 * @param apiUrl base URL of the worker API
 * @param memoryMib host memory in MiB
 * @param committedMemoryMib memory given to VMs (their current balloon targets) in MiB
 * @param vcpus host CPUs
 * @param committedVcpus vCPUs given to VMs
 * @param vms VMs defined on the host
 * @param reportedAt when the worker measured this
 */
public record WorkerCapacity(
        String workerId,
        URI apiUrl,
        long memoryMib,
        long committedMemoryMib,
        int vcpus,
        int committedVcpus,
        int vms,
        Instant reportedAt) {

    public WorkerCapacity {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(reportedAt, "reportedAt");
        if (memoryMib < 0 || committedMemoryMib < 0 || vcpus < 0 || committedVcpus < 0 || vms < 0) {
            throw new IllegalArgumentException("capacity figures cannot be negative");
        }
    }

    /** Memory still free for new VMs, never negative (a host may be overcommitted). */
    public long freeMemoryMib() {
        return Math.max(0, memoryMib - committedMemoryMib);
    }
}
