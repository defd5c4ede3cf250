package dev.arclight.worker.vm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reconciles this worker's VMs once, as the worker starts and before anything can boot a VM (the
 * hypervisor probe starts in a later phase). A worker that cannot reach libvirt fails to start
 * here, with libvirt's reason.
 */
public class VmReconcileAtStart implements SmartLifecycle {

    /** Lifecycle phase; the hypervisor probe runs after it. */
    public static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(VmReconcileAtStart.class);

    private final VirtualMachines vms;
    private final LibvirtProperties properties;
    private volatile boolean running;

    VmReconcileAtStart(VirtualMachines vms, LibvirtProperties properties) {
        this.vms = vms;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (properties.libvirtUri().startsWith("qemu:///system")) {
            QemuUserReach.closedDirectoryOnTheWayTo(properties.imageDir().resolve("vmlinuz"))
                    .ifPresent(dir -> log.error(
                            "QEMU's own user cannot enter {}, so no VM can boot from {}: move"
                                    + " arclight.worker.image-dir (or ARCLIGHT_HOME) somewhere others may"
                                    + " traverse, e.g. /var/lib/arclight",
                            dir,
                            properties.imageDir()));
        }
        vms.reconcile(properties.reconcile());
        running = true;
    }

    @Override
    public void stop() {
        // VMs outlive the worker process on purpose: the next run adopts them.
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
