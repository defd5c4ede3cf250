package dev.arclight.worker.container;

import dev.arclight.worker.host.HypervisorProbe;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.Snapshots;
import dev.arclight.worker.vm.StartMethod;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM operations of the worker API: starts VMs from the configured guest image with the
 * accelerator the probe chose (restored from a template when asked and one is saved, booted
 * otherwise), has them pre-start the runtimes asked for, and takes a VM's containers with it when
 * it is destroyed.
 */
public class WorkerVms {

    /** Runtimes a VM can pre-start (the interpreted ones; {@code provided} brings its own). */
    public static final List<String> PRE_STARTABLE = List.of("python3.11", "nodejs18.x");

    private static final Duration SPARE_WAIT = Duration.ofSeconds(30);

    /**
     * Runtimes a VM may be asked to hold that have no interpreter of ours to start ahead: the
     * function's own {@code bootstrap} is the runtime. Asking for them is not an error; it starts
     * nothing.
     */
    public static final List<String> NOTHING_TO_PRE_START = List.of("provided", "provided.al2023");

    private static final Logger log = LoggerFactory.getLogger(WorkerVms.class);

    private final VirtualMachines vms;
    private final Containers containers;
    private final HypervisorProbe hypervisor;
    private final LibvirtProperties properties;
    private final Snapshots snapshots;
    private final MeterRegistry meters;

    public WorkerVms(
            VirtualMachines vms,
            Containers containers,
            HypervisorProbe hypervisor,
            LibvirtProperties properties,
            Snapshots snapshots,
            MeterRegistry meters) {
        this.vms = vms;
        this.containers = containers;
        this.hypervisor = hypervisor;
        this.properties = properties;
        this.snapshots = snapshots;
        this.meters = meters;
    }

    /** What {@code POST /vms} asks for, checked. */
    public record BootRequest(
            String id,
            Optional<String> tenant,
            long memoryMib,
            long maxMemoryMib,
            int vcpus,
            List<String> runtimes,
            StartMethod start) {}

    /** Starts the VM and returns once its guest agent is ready (and, if restored, has its identity). */
    public VirtualMachine boot(BootRequest request) {
        // Read at each start: a rebuilt image (new "current") is picked up without a restart.
        var image = GuestImage.load(properties.imageDir());
        var spec = new VmSpec(
                request.id(),
                request.tenant(),
                request.memoryMib(),
                request.maxMemoryMib(),
                request.vcpus(),
                image,
                hypervisor.accel());
        long t0 = System.nanoTime();
        var vm = request.start() == StartMethod.RESTORE ? restoreOrEmpty(spec) : Optional.<VirtualMachine>empty();
        var started = vm.orElseGet(() -> vms.boot(spec));
        var method = started.startedBy().tag();
        Counter.builder("arclight.worker.vm.starts")
                .tag("method", method)
                .register(meters)
                .increment();
        Timer.builder("arclight.worker.vm.start.duration")
                .tag("method", method)
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - t0));
        var preStartable =
                request.runtimes().stream().filter(PRE_STARTABLE::contains).toList();
        if (!preStartable.isEmpty()) {
            containers.prestart(started, preStartable);
            awaitSpares(started.id(), preStartable);
        }
        return started;
    }

    /**
     * Until the VM's agent reports a ready spare of every runtime asked for. A pooled VM counts as
     * warm from the moment {@code POST /vms} answers: answering before its spares are up would hand
     * its first claim an interpreter start (seconds under TCG), which is what the pool is there to
     * avoid. Bounded: a spare that does not come up leaves the VM usable, only slower to its first
     * container.
     */
    private void awaitSpares(String vmId, List<String> runtimes) {
        try {
            if (!containers.awaitSpares(vmId, runtimes, SPARE_WAIT)) {
                log.warn("VM {}: spares of {} not ready after {}; answering without them", vmId, runtimes, SPARE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<VirtualMachine> restoreOrEmpty(VmSpec spec) {
        String imageHash;
        try {
            imageHash = GuestImage.hash(properties.imageDir());
        } catch (RuntimeException e) {
            log.warn("no image hash, so no template: booting {} ({})", spec.id(), e.getMessage());
            return Optional.empty();
        }
        var key = snapshots.key(spec, imageHash);
        var template = snapshots.template(key);
        if (template.isEmpty()) {
            snapshots.buildInBackground(key, spec);
            return Optional.empty();
        }
        try {
            return Optional.of(snapshots.restore(spec, template.get(), containers::establishIdentity));
        } catch (RuntimeException e) {
            log.warn("restore of {} from {} failed, booting it instead: {}", spec.id(), template.get(), e.toString());
            snapshots.discard(key);
            Counter.builder("arclight.worker.vm.restore.failures")
                    .register(meters)
                    .increment();
            return Optional.empty();
        }
    }

    public void destroy(String id) {
        vms.find(id).orElseThrow(() -> new NoSuchVmException(id));
        containers.vmGone(id);
        vms.destroy(id);
    }

    public VirtualMachine assign(String id, String tenant) {
        return vms.assign(id, tenant);
    }

    public VirtualMachine setMemory(String id, long memoryMib) {
        containers.resize(id, memoryMib);
        return vms.find(id).orElseThrow(() -> new NoSuchVmException(id));
    }
}
