package dev.arclight.contracts.utilization;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One sample of a VM's use of what it was given. Workers publish one per VM every few seconds and
 * on state changes, on {@link dev.arclight.contracts.topic.Topics#VM_UTILIZATION}; the reclaim
 * service compares allocated with used memory to decide resizes.
 *
 * @param vmId id of the VM, unique across workers
 * @param workerId the worker whose host runs it
 * @param tenant the tenant that holds it, or {@code null} while it waits in a warm pool
 * @param allocatedMemoryMib the VM's maximum memory
 * @param balloonMemoryMib the memory the guest has now (its balloon target)
 * @param guestUsedMemoryMib memory the guest uses, from balloon statistics
 * @param guestAvailableMemoryMib memory the guest could still use, from balloon statistics
 * @param containers the containers in the VM
 * @param lastInvocationAt when a container in it last served a call, or {@code null} if never
 * @param cpuPercent CPU use over the last period, 100 per vCPU
 * @param sampledAt when the worker took the sample
 */
public record VmUtilization(
        String vmId,
        String workerId,
        String tenant,
        long allocatedMemoryMib,
        long balloonMemoryMib,
        long guestUsedMemoryMib,
        long guestAvailableMemoryMib,
        List<ContainerUtilization> containers,
        Instant lastInvocationAt,
        double cpuPercent,
        Instant sampledAt) {

    public VmUtilization {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(sampledAt, "sampledAt");
        containers = containers == null ? List.of() : List.copyOf(containers);
        if (balloonMemoryMib > allocatedMemoryMib) {
            throw new IllegalArgumentException(
                    "balloon memory " + balloonMemoryMib + " MiB exceeds allocated " + allocatedMemoryMib + " MiB");
        }
    }
}
