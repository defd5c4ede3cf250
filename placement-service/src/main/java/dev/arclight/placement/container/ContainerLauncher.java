package dev.arclight.placement.container;

import java.util.List;
import java.util.Optional;

/**
 * The worker side of the container pool: claims VMs from pool-service, boots and destroys VMs,
 * starts and stops containers. Calls block until done. Failures are {@code WorkerException}s,
 * except that {@link #bootVm} throws a {@code LambdaException} when no worker at all could boot the
 * VM, and {@link #claimVm} never fails: a pool that cannot help is an empty answer.
 */
public interface ContainerLauncher {

    /**
     * A warm VM from the pool, now the tenant's, or empty (no warm VM, the pool down or slow) within
     * the pool's short claim timeout.
     */
    default Optional<PooledVm> claimVm(String tenant, String runtime, long memoryMib) {
        return Optional.empty();
    }

    /** @param runtimes runtimes whose interpreters the VM starts ahead of any container */
    VmHandle bootVm(String tenant, long memoryMib, List<String> runtimes);

    ContainerHandle startContainer(VmHandle vm, String containerId, ContainerSpec spec);

    void stopContainer(ContainerHandle container);

    void destroyVm(VmHandle vm);
}
