package dev.arclight.worker.vm;

/** What a starting worker does with running VMs a previous run of it left behind. */
public enum ReconcilePolicy {
    /** Keep running VMs that carry this worker's metadata; destroy everything else of ours. */
    ADOPT,
    /** Destroy every VM of this worker: a clean start. */
    DESTROY
}
