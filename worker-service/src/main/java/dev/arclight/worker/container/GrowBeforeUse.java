package dev.arclight.worker.container;

import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.VirtualMachines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a VM that reclaim shrank its memory back before it is used: before a container starts in
 * it and before an invocation runs in it, its balloon target is raised to what its containers may
 * use, {@code floor + the sum of their memory limits}, at most the VM's maximum (a container's
 * cgroup cannot use more than its limit, the floor covers the kernel, the agent and pre-started
 * runtimes). The worker does this, not placement or pool, because every path to a guest (a
 * container start from placement or pool, an invocation, a pre-started runtime taken by assign)
 * goes through the worker, and only the worker knows the balloon's target and actual size now.
 *
 * <p>The call waits until the balloon has deflated to the target (libvirt's {@code actual}), at
 * most {@code settle}; the balloon's {@code autodeflate} covers a guest that still runs short. A VM
 * already at its need costs one map lookup: nothing is asked of libvirt.
 *
 * <p>Shrinks ({@code PUT /vms/{id}/memory}) and grows of one VM are serialized: a shrink below the
 * need of a VM with a container starting or running is refused. The container is marked starting
 * or busy before the grow takes the lock, so a shrink either sees it (and is refused) or is applied
 * first (and the grow undoes it).
 */
public class GrowBeforeUse {

    private static final Logger log = LoggerFactory.getLogger(GrowBeforeUse.class);
    private static final long TOLERANCE_KIB = 8 * 1024;

    private final VirtualMachines vms;
    private final long floorMib;
    private final Duration settle;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public GrowBeforeUse(VirtualMachines vms, long floorMib, Duration settle) {
        this.vms = vms;
        this.floorMib = floorMib;
        this.settle = settle;
    }

    /** Grows the VM to its containers' need if a shrink left it below; {@code containers} are all of its. */
    public void before(String vmId, List<Container> containers) {
        var vm = vms.find(vmId).orElseThrow(() -> new NoSuchVmException(vmId));
        long need = need(vm.maxMemoryMib(), containers);
        if (vm.memoryMib() >= need) {
            return;
        }
        var lock = lock(vmId);
        lock.lock();
        try {
            var current = vms.find(vmId).orElseThrow(() -> new NoSuchVmException(vmId));
            if (current.memoryMib() >= need) {
                return;
            }
            long started = System.nanoTime();
            vms.setMemory(vmId, need);
            awaitBalloon(vmId, need, started);
            log.info(
                    "grew VM {} from {} to {} MiB before use in {} ms",
                    vmId,
                    current.memoryMib(),
                    need,
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            lock.unlock();
        }
    }

    /** Sets a VM's memory for a resize command, unless that would take what a running call may use. */
    public void resize(String vmId, long memoryMib, List<Container> containers) {
        var lock = lock(vmId);
        lock.lock();
        try {
            var vm = vms.find(vmId).orElseThrow(() -> new NoSuchVmException(vmId));
            boolean inUse = containers.stream()
                    .anyMatch(c -> c.state() == Container.State.BUSY || c.state() == Container.State.STARTING);
            long need = need(vm.maxMemoryMib(), containers);
            if (inUse && memoryMib < need && memoryMib < vm.memoryMib()) {
                throw new VmMemoryInUseException(vmId, memoryMib, need);
            }
            vms.setMemory(vmId, memoryMib);
        } finally {
            lock.unlock();
        }
    }

    public void forget(String vmId) {
        locks.remove(vmId);
    }

    private long need(long maxMemoryMib, List<Container> containers) {
        long limits = containers.stream().mapToLong(Container::memoryMib).sum();
        return Math.min(maxMemoryMib, floorMib + limits);
    }

    private void awaitBalloon(String vmId, long targetMib, long startedNanos) {
        long deadline = startedNanos + settle.toNanos();
        while (System.nanoTime() < deadline) {
            if (vms.memoryStats(vmId).actualKib() >= targetMib * 1024 - TOLERANCE_KIB) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("balloon of VM {} not at {} MiB within {}; autodeflate covers the rest", vmId, targetMib, settle);
    }

    private ReentrantLock lock(String vmId) {
        return locks.computeIfAbsent(vmId, id -> new ReentrantLock());
    }
}
