package dev.arclight.placement.container;

import java.util.List;

/**
 * What {@link ContainerBooks} decides and {@link ContainerPool} carries out on the workers. A plan
 * is already in the books when it is handed out (a container to start is reserved, one to stop is
 * stopping), so that a concurrent decision sees it.
 */
final class ContainerPlans {

    private ContainerPlans() {}

    /** How a call gets its container. */
    sealed interface Acquisition permits TakeIdle, Start {}

    /** An idle container, now busy: no worker call needed. */
    record TakeIdle(String containerId, ContainerHandle handle) implements Acquisition {}

    /** Start container {@code containerId} of {@code spec} in VM {@code vmId} of the books. */
    record Start(String containerId, String vmId, ContainerSpec spec, VmStep vm) implements Acquisition {}

    /** What must happen to the VM before the container can start in it. */
    sealed interface VmStep permits InRunningVm, AwaitBoot, BootVm, ClaimVm {}

    /** Nothing: the VM runs. */
    record InRunningVm(VmHandle handle) implements VmStep {}

    /** Wait for another caller's boot of the VM. */
    record AwaitBoot() implements VmStep {}

    /** Boot the VM (new in the books) for the tenant. */
    record BootVm(String tenant, long memoryMib) implements VmStep {}

    /**
     * Claim a VM from the pool for the tenant (new in the books, claiming); on a miss, report {@link
     * ContainerBooks#claimMissed} and carry out the step it plans instead.
     */
    record ClaimVm(String tenant, String runtime, long memoryMib) implements VmStep {}

    /**
     * What a missed claim falls back to: the container now in VM {@code vmId} of the books, started
     * there after {@code step} ({@link InRunningVm} or {@link AwaitBoot} in a VM the tenant holds,
     * or {@link BootVm} of the VM that was being claimed).
     */
    record AfterMiss(String vmId, VmStep step) {}

    /** Stop a container, then report {@link ContainerBooks#stopped}. */
    record Stop(String containerId, ContainerHandle handle) {}

    /**
     * The provisioned containers to start (idle) and the surplus idle ones to stop, when a count
     * went down (already stopping in the books).
     */
    record Provisioning(List<Start> starts, List<Stop> releases) {

        Provisioning {
            starts = List.copyOf(starts);
            releases = List.copyOf(releases);
        }
    }

    /** The containers to stop and the VMs to destroy (already out of the books). */
    record Expiry(List<Stop> stops, List<VmHandle> destroys) {

        Expiry {
            stops = List.copyOf(stops);
            destroys = List.copyOf(destroys);
        }
    }
}
