package dev.arclight.pool.vm;

import java.net.URI;
import java.util.List;

/**
 * One VM the pool booted, on one worker.
 *
 * @param vmId its id on its worker (the pool picks it)
 * @param subPoolId the sub-pool it was booted for
 * @param workerId the worker that runs it
 * @param workerUrl that worker's API
 * @param runtimes the runtimes pre-started in it
 * @param memoryMib its memory now
 * @param maxMemoryMib the most a resize may grow it to
 * @param lifecycle its state
 */
public record PooledVm(
        String vmId,
        String subPoolId,
        String workerId,
        URI workerUrl,
        List<String> runtimes,
        long memoryMib,
        long maxMemoryMib,
        VmLifecycle lifecycle) {

    public PooledVm {
        runtimes = List.copyOf(runtimes);
    }

    public PooledVm with(VmLifecycle next) {
        return new PooledVm(vmId, subPoolId, workerId, workerUrl, runtimes, memoryMib, maxMemoryMib, next);
    }
}
