package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPlans.AfterMiss;
import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.ClaimVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.VmStep;
import dev.arclight.placement.container.ContainerState.Starting;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@link ContainerBooks} puts a new container (cases (b) to (d) of its algorithm), on its
 * {@link BookEntries}. No I/O, no clock of its own.
 *
 * <h2>Algorithm</h2>
 *
 * A VM <i>fits</i> when it is the tenant's, not being claimed, and its memory minus that of every
 * container in it fits the function's. A fitting VM <i>has a spare</i> when it keeps a pre-started
 * runtime of the function's runtime ({@link BookedVm#hasSpareOf}). Among VMs of equal standing,
 * running ones come before booting ones (no wait), then the fullest, so that the others can empty
 * out and be destroyed.
 *
 * <ol>
 *   <li>A fitting VM with a spare: the container goes there ({@code tenant-vm}, or waits for the
 *       boot).
 *   <li>Else, when the books claim from the pool, a VM is claimed (its pre-started runtime loads
 *       the code at once, where a fitting VM without a spare would start an interpreter: about 3
 *       s for Python, 6 s for Node.js under TCG, against well under one for a claim).
 *   <li>Else a fitting VM without a spare (an interpreter start in a VM already held beats a boot).
 *   <li>Else a new VM is booted.
 * </ol>
 *
 * A <b>missed claim</b> ({@link #afterMiss}) chooses again without the pool: a fitting VM with a
 * spare, else any fitting VM (the one the claim was preferred to), else the VM that was being
 * claimed is booted instead, at a boot's size, open to others.
 *
 * <h2>Worked example</h2>
 *
 * A tenant holds a running 512 MiB VM with a Python container of 256 MiB in it. A Node.js 128 MiB
 * call: the VM fits but has no Node.js spare, so a VM is claimed; if the pool has one, the call runs
 * in it at once; if not, the call falls back to the Python VM and starts Node.js cold there. A
 * second Python 128 MiB call goes straight into the Python VM (it has a spare of Python).
 */
final class ContainerPlacement {

    private final BookEntries books;
    private final long vmMemoryMib;
    private final boolean claims;

    /** @param claims whether a new VM is first claimed from the pool before one is booted */
    ContainerPlacement(BookEntries books, long vmMemoryMib, boolean claims) {
        this.books = books;
        this.vmMemoryMib = vmMemoryMib;
        this.claims = claims;
    }

    /** Books the container and, when needed, its new VM; returns the plan to carry out. */
    Start place(ContainerSpec spec, boolean forCall) {
        var withSpare = fitting(spec, null, true);
        var anyFitting = withSpare.isPresent() ? withSpare : fitting(spec, null, false);
        var now = books.clock.instant();
        String vmId;
        VmStep step;
        if (withSpare.isPresent() || (anyFitting.isPresent() && !claims)) {
            vmId = anyFitting.get().id();
            step = into(anyFitting.get(), spec);
        } else if (claims) {
            vmId = BookEntries.newId("p-");
            books.vms.put(vmId, BookedVm.claiming(vmId, spec.tenant(), spec.memoryMib(), now, spec.runtime()));
            step = new ClaimVm(spec.tenant(), spec.runtime(), spec.memoryMib());
        } else {
            vmId = BookEntries.newId("b-");
            long memoryMib = Math.max(vmMemoryMib, spec.memoryMib());
            books.vms.put(vmId, BookedVm.booting(vmId, spec.tenant(), memoryMib, now, spec.runtime()));
            step = new BootVm(spec.tenant(), memoryMib);
        }
        var containerId = BookEntries.newId("c-");
        books.containers.put(
                containerId,
                new BookedContainer(containerId, spec.key(), spec.memoryMib(), vmId, new Starting(forCall)));
        return new Start(containerId, vmId, spec, step);
    }

    /**
     * The claim for {@code containerId}, in the claiming VM {@code vmId}, missed: where the container
     * goes instead (moved there in the books); empty when either left the books.
     */
    Optional<AfterMiss> afterMiss(String vmId, String containerId, ContainerSpec spec) {
        var claiming = books.vms.get(vmId);
        var container = books.containers.get(containerId);
        if (claiming == null
                || !(claiming.state() instanceof VmState.Claiming)
                || container == null
                || !container.vmId().equals(vmId)) {
            return Optional.empty();
        }
        var target = fitting(spec, vmId, true).or(() -> fitting(spec, vmId, false));
        if (target.isPresent()) {
            books.vms.remove(vmId);
            books.containers.put(
                    containerId,
                    new BookedContainer(
                            containerId,
                            container.key(),
                            container.memoryMib(),
                            target.get().id(),
                            container.state()));
            return Optional.of(new AfterMiss(target.get().id(), into(target.get(), spec)));
        }
        long memoryMib = Math.max(vmMemoryMib, claiming.memoryMib());
        books.vms.put(vmId, claiming.with(new VmState.Booting(books.clock.instant()), memoryMib));
        return Optional.of(new AfterMiss(vmId, new BootVm(claiming.tenant(), memoryMib)));
    }

    /** The container's runtime is one its VM keeps a spare of from now on. */
    private VmStep into(BookedVm vm, ContainerSpec spec) {
        books.vms.put(vm.id(), vm.withRuntimes(Set.of(spec.runtime())));
        return vm.state() instanceof VmState.Running running ? new InRunningVm(running.handle()) : new AwaitBoot();
    }

    private Optional<BookedVm> fitting(ContainerSpec spec, String excluded, boolean withSpare) {
        return books.vms.values().stream()
                .filter(v -> v.tenant().equals(spec.tenant())
                        && !v.id().equals(excluded)
                        && !(v.state() instanceof VmState.Claiming)
                        && books.freeMemoryMib(v) >= spec.memoryMib()
                        && (!withSpare || v.hasSpareOf(spec.runtime())))
                .min(Comparator.comparing((BookedVm v) -> v.state() instanceof VmState.Running ? 0 : 1)
                        .thenComparingLong(books::freeMemoryMib));
    }
}
