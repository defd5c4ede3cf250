package dev.arclight.placement.container;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.placement.lambda.LambdaException.EC2ThrottledException;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import dev.arclight.placement.registry.function.FunctionCodeStore;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.WorkerUnavailableException;
import dev.arclight.placement.worker.Workers;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pool's decisions on the workers. Until pool-service hands out warm VMs, this instance
 * boots the tenant VMs it needs itself, trying each configured worker in turn.
 */
class WorkerContainerLauncher implements ContainerLauncher {

    private static final Logger log = LoggerFactory.getLogger(WorkerContainerLauncher.class);

    private final Workers workers;
    private final WorkerProperties timeouts;
    private final FunctionCodeStore code;
    private final int vmVcpus;
    private final VmOwners owners;

    WorkerContainerLauncher(
            Workers workers, WorkerProperties timeouts, FunctionCodeStore code, int vmVcpus, VmOwners owners) {
        this.workers = workers;
        this.owners = owners;
        this.timeouts = timeouts;
        this.code = code;
        this.vmVcpus = vmVcpus;
    }

    @Override
    public VmHandle bootVm(String tenant, long memoryMib) {
        WorkerException last = null;
        for (var worker : workers.bootOrder()) {
            var vmId = "vm-"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            try {
                // Recorded first: a VM whose boot outlives this instance is still found (OrphanVms).
                owners.booting(worker.id(), vmId);
                var vm = worker.bootVm(
                        new BootVmRequest(vmId, tenant, memoryMib, memoryMib, vmVcpus), timeouts.bootTimeout());
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
