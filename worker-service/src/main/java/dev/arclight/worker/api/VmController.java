package dev.arclight.worker.api;

import dev.arclight.contracts.worker.AssignVmRequest;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.worker.capacity.WorkerProperties;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.container.WorkerVms;
import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.Reconciliation;
import dev.arclight.worker.vm.StartMethod;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmMemoryResized;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The VMs of this worker, and starting containers in them. */
@RestController
@RequestMapping("/vms")
class VmController {

    private static final int MAX_TENANT_LENGTH = 128;

    private final WorkerVms workerVms;
    private final VirtualMachines vms;
    private final Containers containers;
    private final WorkerProperties worker;
    private final ApplicationEventPublisher events;

    VmController(
            WorkerVms workerVms,
            VirtualMachines vms,
            Containers containers,
            WorkerProperties worker,
            ApplicationEventPublisher events) {
        this.workerVms = workerVms;
        this.vms = vms;
        this.containers = containers;
        this.worker = worker;
        this.events = events;
    }

    /** Boots a VM; blocks (on a virtual thread) until its guest agent is ready. */
    @PostMapping
    ResponseEntity<VmView> boot(@RequestBody BootVmRequest request) {
        if (request.memoryMib() == null) {
            throw new BadRequestException(BadRequestException.INVALID_PARAMETER, "memoryMib is required");
        }
        var id = request.vmId() != null
                ? request.vmId()
                : "vm-" + UUID.randomUUID().toString().substring(0, 12);
        if (id.startsWith(Reconciliation.TEMPLATE_ID_PREFIX) || id.startsWith(Reconciliation.TRANSIENT_ID_PREFIX)) {
            throw new BadRequestException(
                    BadRequestException.INVALID_PARAMETER,
                    "VM ids starting with template- or probe- are the worker's own");
        }
        if (vms.find(id).isPresent()) {
            throw new ConflictException("VmAlreadyExists", "VM " + id + " already exists on this worker");
        }
        long maxMemory = request.maxMemoryMib() != null ? request.maxMemoryMib() : request.memoryMib();
        int vcpus = request.vcpus() != null ? request.vcpus() : 1;
        for (var runtime : request.runtimes()) {
            if (!WorkerVms.PRE_STARTABLE.contains(runtime) && !WorkerVms.NOTHING_TO_PRE_START.contains(runtime)) {
                throw new BadRequestException(
                        BadRequestException.INVALID_PARAMETER,
                        "runtimes: unknown runtime " + runtime + "; allowed: " + WorkerVms.PRE_STARTABLE + " and "
                                + WorkerVms.NOTHING_TO_PRE_START);
            }
        }
        var start = request.start() == null ? StartMethod.RESTORE : parseStart(request.start());
        var vm = workerVms.boot(new WorkerVms.BootRequest(
                id,
                Optional.ofNullable(request.tenant()),
                request.memoryMib(),
                maxMemory,
                vcpus,
                request.runtimes(),
                start));
        return ResponseEntity.created(URI.create("/vms/" + vm.id())).body(view(vm));
    }

    @GetMapping
    List<VmView> list() {
        return vms.list().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    VmView get(@PathVariable String id) {
        return view(require(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void destroy(@PathVariable String id) {
        workerVms.destroy(id);
    }

    /**
     * Sets the guest's memory through the balloon. vCPUs are not resizable live: QEMU under TCG
     * (and this worker's domains) have no CPU hotplug, so a VM keeps the vCPUs it booted with.
     */
    @PutMapping("/{id}/memory")
    VmView resizeMemory(@PathVariable String id, @RequestBody ResizeVmMemoryRequest request) {
        require(id);
        if (request.memoryMib() == null) {
            throw new BadRequestException(BadRequestException.INVALID_PARAMETER, "memoryMib is required");
        }
        var resized = workerVms.setMemory(id, request.memoryMib());
        events.publishEvent(new VmMemoryResized(id, resized.memoryMib()));
        return view(resized);
    }

    /**
     * Hands a pooled VM to a tenant (the pool's claim). 409 {@code VmAlreadyAssigned} when it serves
     * another tenant already; the same tenant again answers 200 with the VM as it is.
     */
    @PutMapping("/{id}/tenant")
    VmView assign(@PathVariable String id, @RequestBody AssignVmRequest request) {
        require(id);
        var tenant = request.tenant();
        if (tenant == null || tenant.isBlank()) {
            throw new BadRequestException(BadRequestException.INVALID_PARAMETER, "tenant is required");
        }
        if (tenant.length() > MAX_TENANT_LENGTH || tenant.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(
                    BadRequestException.INVALID_PARAMETER,
                    "tenant must be at most " + MAX_TENANT_LENGTH + " characters, without control characters");
        }
        return view(workerVms.assign(id, tenant));
    }

    @PostMapping("/{id}/containers")
    ResponseEntity<ContainerView> startContainer(@PathVariable String id, @RequestBody StartContainerRequest request) {
        require(id);
        var started = containers.start(id, ContainerRequests.from(request));
        var container = started.container();
        return ResponseEntity.created(URI.create("/containers/" + container.id()))
                .header(WorkerViews.RUNTIME_START_HEADER, WorkerViews.runtimeStart(container))
                .header(WorkerViews.SERVER_TIMING_HEADER, WorkerViews.serverTiming(started))
                .body(WorkerViews.container(container));
    }

    private static StartMethod parseStart(String start) {
        return switch (start) {
            case "restore" -> StartMethod.RESTORE;
            case "boot" -> StartMethod.BOOT;
            default ->
                throw new BadRequestException(
                        BadRequestException.INVALID_PARAMETER, "start must be restore or boot, was " + start);
        };
    }

    private VirtualMachine require(String id) {
        return vms.find(id).orElseThrow(() -> new NoSuchVmException(id));
    }

    private VmView view(VirtualMachine vm) {
        return WorkerViews.vm(worker.id(), vm, containers.inVm(vm.id()), containers.spares(vm.id()));
    }
}
