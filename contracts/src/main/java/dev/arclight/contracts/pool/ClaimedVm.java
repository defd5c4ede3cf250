package dev.arclight.contracts.pool;

import java.net.URI;

/**
 * A VM the pool handed to one tenant: it now belongs to that tenant until it is destroyed. Its
 * worker has already been told the tenant and, when {@code resized}, its new memory.
 *
 * @param vmId id of the VM on its worker
 * @param workerId the worker that runs it
 * @param workerUrl base URL of that worker's API
 * @param subPoolId the sub-pool it came from
 * @param runtimes the runtimes pre-started in it (the claimed one among them)
 * @param memoryMib the guest's memory after the claim (the function's memory, or more)
 * @param maxMemoryMib the most its balloon can grow it to
 * @param resized whether the claim changed its memory
 */
public record ClaimedVm(
        String vmId,
        String workerId,
        URI workerUrl,
        String subPoolId,
        java.util.List<String> runtimes,
        long memoryMib,
        long maxMemoryMib,
        boolean resized) {

    public ClaimedVm {
        runtimes = runtimes == null ? java.util.List.of() : java.util.List.copyOf(runtimes);
    }
}
