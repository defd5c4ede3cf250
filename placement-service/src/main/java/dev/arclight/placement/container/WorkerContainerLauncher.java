package dev.arclight.placement.container;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.placement.lambda.LambdaException.EC2ThrottledException;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import dev.arclight.placement.pool.PoolClaims;
import dev.arclight.placement.registry.function.FunctionCodeStore;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.WorkerUnavailableException;
import dev.arclight.placement.worker.Workers;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pool's decisions on the workers. A VM claimed from pool-service is recorded in {@code
 * vm_owners} as this instance's at once, so that it is destroyed like the VMs this instance boots
 * (keep-alive expiry, shutdown, or {@link OrphanVms} after a crash); its worker, if not configured
 * here, is called at the URL the pool gave. A VM this instance boots itself, trying each configured
 * worker in turn, starts the first container's runtime ahead of time, so that later containers of
 * that runtime in it start without an interpreter start.
 */
class WorkerContainerLauncher implements ContainerLauncher {

    private static final Logger log = LoggerFactory.getLogger(WorkerContainerLauncher.class);

    private final Workers workers;
    private final WorkerProperties timeouts;
    private final FunctionCodeStore code;
    private final int vmVcpus;
    private final VmOwners owners;

    private final PoolClaims pool;

    WorkerContainerLauncher(
            Workers workers,
            WorkerProperties timeouts,
            FunctionCodeStore code,
            int vmVcpus,
            VmOwners owners,
            PoolClaims pool) {
        this.workers = workers;
        this.pool = pool;
        this.owners = owners;
        this.timeouts = timeouts;
        this.code = code;
        this.vmVcpus = vmVcpus;
    }

    @Override
    public Optional<PooledVm> claimVm(String tenant, String runtime, long memoryMib) {
        var claimed = pool.claim(tenant, runtime, memoryMib);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        var vm = claimed.get();
        var handle = new VmHandle(vm.workerId(), vm.vmId());
        try {
            workers.learn(vm.workerId(), vm.workerUrl());
            owners.booting(vm.workerId(), vm.vmId());
        } catch (RuntimeException e) {
            // Unrecorded, it would outlive a crash of this instance: give it up now and boot instead.
            log.warn("Could not record claimed VM {} on {}: {}", vm.vmId(), vm.workerId(), e.toString());
            Thread.ofVirtual().start(() -> destroyQuietly(handle));
            return Optional.empty();
        }
        log.info(
                "Claimed VM {} on {} from sub-pool {} for tenant {} ({} MiB{})",
                vm.vmId(),
                vm.workerId(),
                vm.subPoolId(),
                tenant,
                vm.memoryMib(),
                vm.resized() ? ", resized" : "");
        return Optional.of(new PooledVm(handle, vm.memoryMib(), vm.runtimes()));
    }

    @Override
    public VmHandle bootVm(String tenant, long memoryMib, List<String> runtimes) {
        WorkerException last = null;
        for (var worker : workers.bootOrder()) {
            var vmId = "vm-"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            try {
                // Recorded first: a VM whose boot outlives this instance is still found (OrphanVms).
                owners.booting(worker.id(), vmId);
                var vm = worker.bootVm(
                        new BootVmRequest(vmId, tenant, memoryMib, memoryMib, vmVcpus, runtimes, null),
                        timeouts.bootTimeout());
                log.info("Booted VM {} on {} for tenant {} ({} MiB)", vm.vmId(), worker.id(), tenant, memoryMib);
                return new VmHandle(worker.id(), vm.vmId());
            } catch (WorkerException e) {
                log.warn("Worker {} did not boot a VM for tenant {}: {}", worker.id(), tenant, e.getMessage());
                last = e;
                if (e instanceof WorkerUnavailableException) {
                    // It may still be booting it (a timeout): make sure it does not linger.
                    Thread.ofVirtual().start(() -> destroyQuietly(new VmHandle(worker.id(), vmId)));
                } else {
                    owners.destroyed(worker.id(), vmId);
                }
            }
        }
        throw new EC2ThrottledException("No capacity to start the function: no worker could boot a VM"
                + (last == null ? " (no workers configured)" : " (last: " + last.getMessage() + ")"));
    }

    @Override
    public ContainerHandle startContainer(VmHandle vm, String containerId, ContainerSpec spec) {
        var zip = code.load(spec.tenant(), spec.codeSha256())
                .orElseThrow(() -> new ServiceException("The function's code is missing from the registry"));
        var request = new StartContainerRequest(
                containerId,
                spec.key().functionArn(),
                spec.key().version(),
                spec.runtime(),
                spec.handler(),
                Base64.getEncoder().encodeToString(zip),
                spec.memoryMib(),
                spec.timeoutSeconds(),
                spec.environment());
        var view = workers.client(vm.workerId()).startContainer(vm.vmId(), request, timeouts.startTimeout());
        return new ContainerHandle(
                vm.workerId(), vm.vmId(), view.containerId() == null ? containerId : view.containerId());
    }

    @Override
    public void stopContainer(ContainerHandle container) {
        workers.client(container.workerId()).stopContainer(container.containerId(), timeouts.callTimeout());
    }

    @Override
    public void destroyVm(VmHandle vm) {
        try {
            workers.client(vm.workerId()).destroyVm(vm.vmId(), timeouts.callTimeout());
        } catch (WorkerRejectedException e) {
            // Already gone on the worker; the books and the owner row go too.
            log.debug("VM {} on {} was already gone: {}", vm.vmId(), vm.workerId(), e.getMessage());
        }
        owners.destroyed(vm.workerId(), vm.vmId());
        log.info("Destroyed VM {} on {}", vm.vmId(), vm.workerId());
    }

    private void destroyQuietly(VmHandle vm) {
        try {
            destroyVm(vm);
        } catch (RuntimeException e) {
            log.debug("VM {} on {} not destroyed: {}", vm.vmId(), vm.workerId(), e.getMessage());
        }
    }
}
