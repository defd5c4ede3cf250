package dev.arclight.contracts.worker;

import java.time.Instant;
import java.util.List;

/**
 * A VM as its worker sees it.
 *
 * @param vmId id of the VM on its worker
 * @param workerId the worker that runs it
 * @param tenant the tenant it serves, or {@code null} while pooled
 * @param memoryMib memory the guest has now (its balloon target)
 * @param maxMemoryMib the most its memory can grow to without a restart
 * @param vcpus virtual CPUs
 * @param accel {@code kvm} or {@code tcg}
 * @param state {@code booting}, {@code running} or {@code stopping}
 * @param createdAt when the worker defined it
 * @param containers the containers in it
 * @param runtimes the runtimes pre-started in it and not yet taken by a container
 * @param startedBy {@code boot} or {@code restore}: how the worker started it
 */
public record VmView(
        String vmId,
        String workerId,
        String tenant,
        long memoryMib,
        long maxMemoryMib,
        int vcpus,
        String accel,
        String state,
        Instant createdAt,
        List<ContainerView> containers,
        List<String> runtimes,
        String startedBy) {

    public VmView {
        containers = containers == null ? List.of() : List.copyOf(containers);
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }

    public VmView(
            String vmId,
            String workerId,
            String tenant,
            long memoryMib,
            long maxMemoryMib,
            int vcpus,
            String accel,
            String state,
            Instant createdAt,
            List<ContainerView> containers) {
        this(vmId, workerId, tenant, memoryMib, maxMemoryMib, vcpus, accel, state, createdAt, containers, null, "boot");
    }
}
