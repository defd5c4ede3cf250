package dev.arclight.placement.container;

import dev.arclight.placement.worker.WorkerUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A launcher that records what the pool asked of the workers, for the pool's unit tests. */
class FakeLauncher implements ContainerLauncher {

    final List<VmHandle> booted = new CopyOnWriteArrayList<>();
    final List<ContainerHandle> started = new CopyOnWriteArrayList<>();
    final List<ContainerHandle> stopped = new CopyOnWriteArrayList<>();
    final List<VmHandle> destroyed = new CopyOnWriteArrayList<>();
    final List<Long> bootedMemoryMib = new CopyOnWriteArrayList<>();
    final List<List<String>> bootedRuntimes = new CopyOnWriteArrayList<>();
    private final AtomicInteger vms = new AtomicInteger();

    final List<String> claims = new CopyOnWriteArrayList<>();
    /** The memory of the VM the pool hands out; null: the pool has none. */
    volatile Long pooledMemoryMib;

    volatile RuntimeException failBoot;
    volatile RuntimeException failStart;
    volatile CountDownLatch bootGate;

    @Override
    public Optional<PooledVm> claimVm(String tenant, String runtime, long memoryMib) {
        claims.add(tenant + "/" + runtime + "/" + memoryMib);
        if (pooledMemoryMib == null) {
            return Optional.empty();
        }
        var vm = new VmHandle("w1", tenant + "-pooled-" + vms.incrementAndGet());
        return Optional.of(new PooledVm(vm, pooledMemoryMib, List.of(runtime)));
    }

    @Override
    public VmHandle bootVm(String tenant, long memoryMib, List<String> runtimes) {
        if (bootGate != null) {
            try {
                bootGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failBoot != null) {
            throw failBoot;
        }
        var vm = new VmHandle("w1", tenant + "-vm-" + vms.incrementAndGet());
        booted.add(vm);
        bootedMemoryMib.add(memoryMib);
        bootedRuntimes.add(runtimes);
        return vm;
    }

    @Override
    public ContainerHandle startContainer(VmHandle vm, String containerId, ContainerSpec spec) {
        if (failStart != null) {
            throw failStart;
        }
        var container = new ContainerHandle(vm.workerId(), vm.vmId(), containerId);
        started.add(container);
        return container;
    }

    @Override
    public void stopContainer(ContainerHandle container) {
        stopped.add(container);
    }

    @Override
    public void destroyVm(VmHandle vm) {
        destroyed.add(vm);
    }

    static WorkerUnavailableException unavailable() {
        return new WorkerUnavailableException("w1", "connection refused", null);
    }
}
