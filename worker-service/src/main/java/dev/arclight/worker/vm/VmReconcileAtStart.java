package dev.arclight.worker.vm;

import org.springframework.context.SmartLifecycle;

/**
 * Reconciles this worker's VMs once, as the worker starts and before anything can boot a VM (the
 * hypervisor probe starts in a later phase). A worker that cannot reach libvirt fails to start
 * here, with libvirt's reason.
 */
public class VmReconcileAtStart implements SmartLifecycle {

    /** Lifecycle phase; the hypervisor probe runs after it. */
    public static final int PHASE = 0;

    private final VirtualMachines vms;
    private final ReconcilePolicy policy;
    private volatile boolean running;

    VmReconcileAtStart(VirtualMachines vms, ReconcilePolicy policy) {
        this.vms = vms;
        this.policy = policy;
    }

    @Override
    public void start() {
        vms.reconcile(policy);
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
