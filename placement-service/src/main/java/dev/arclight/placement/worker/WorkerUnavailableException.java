package dev.arclight.placement.worker;

import java.util.Set;

/**
 * The worker was unreachable, timed out, answered 5xx, or its circuit breaker is open: whatever
 * placement held there cannot be trusted any more. Counts as a failure for the worker's circuit
 * breaker, except {@link #vmScoped()} answers: a worker that says one VM's guest is gone (its
 * QEMU died, its agent hung up) is healthy, and its other VMs must keep being served.
 */
public final class WorkerUnavailableException extends WorkerException {

    /** The worker's 503 types that are about one VM, not the worker (docs/operations.md). */
    static final Set<String> VM_SCOPED_TYPES = Set.of("AgentUnavailable", "VmUnavailable", "VmBootFailed");

    private final boolean vmScoped;

    public WorkerUnavailableException(String workerId, String message, Throwable cause) {
        this(workerId, message, cause, false);
    }

    WorkerUnavailableException(String workerId, String message, Throwable cause, boolean vmScoped) {
        super(workerId, message, cause);
        this.vmScoped = vmScoped;
    }

    /** Whether only the VM is gone (the worker answered that), not the worker. */
    public boolean vmScoped() {
        return vmScoped;
    }

    /** The circuit breaker's test: unavailability of the worker itself. */
    public static boolean countsAgainstWorker(Throwable e) {
        return e instanceof WorkerUnavailableException unavailable && !unavailable.vmScoped();
    }
}
