package dev.arclight.placement.container;

/**
 * The worker side of the container pool: boots and destroys VMs, starts and stops containers.
 * Calls block until the worker has done it. Failures are {@code WorkerException}s, except that
 * {@link #bootVm} throws a {@code LambdaException} when no worker at all could boot the VM.
 */
public interface ContainerLauncher {

    VmHandle bootVm(String tenant, long memoryMib);

    ContainerHandle startContainer(VmHandle vm, String containerId, ContainerSpec spec);

    void stopContainer(ContainerHandle container);

    void destroyVm(VmHandle vm);
}
