package dev.arclight.worker.container;

import dev.arclight.worker.host.HypervisorProbe;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmSpec;
import java.util.Optional;

/**
 * The VM operations of the worker API: boots from the configured guest image with the accelerator
 * the probe chose, and takes a VM's containers with it when it is destroyed.
 */
public class WorkerVms {

    private final VirtualMachines vms;
    private final Containers containers;
    private final HypervisorProbe hypervisor;
    private final LibvirtProperties properties;

    public WorkerVms(
            VirtualMachines vms, Containers containers, HypervisorProbe hypervisor, LibvirtProperties properties) {
        this.vms = vms;
        this.containers = containers;
        this.hypervisor = hypervisor;
        this.properties = properties;
    }

    /** Boots the VM and returns once its guest agent is ready. */
    public VirtualMachine boot(String id, Optional<String> tenant, long memoryMib, long maxMemoryMib, int vcpus) {
        // Read at each boot: a rebuilt image (new "current") is picked up without a restart.
        var image = GuestImage.load(properties.imageDir());
        return vms.boot(new VmSpec(id, tenant, memoryMib, maxMemoryMib, vcpus, image, hypervisor.accel()));
    }

    public void destroy(String id) {
        vms.find(id).orElseThrow(() -> new NoSuchVmException(id));
        containers.vmGone(id);
        vms.destroy(id);
    }

    public VirtualMachine setMemory(String id, long memoryMib) {
        containers.resize(id, memoryMib);
        return vms.find(id).orElseThrow(() -> new NoSuchVmException(id));
    }
}
