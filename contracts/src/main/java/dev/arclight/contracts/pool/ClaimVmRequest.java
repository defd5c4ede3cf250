package dev.arclight.contracts.pool;

/**
 * Asks pool-service for a warm VM ({@code POST /claims}): placement sends it when a call finds no
 * idle container and no VM of the tenant with room. The pool answers 201 with a {@link ClaimedVm},
 * or 404 with error type {@link PoolErrors#NO_WARM_VM} when no sub-pool has a warm VM that fits.
 *
 * @param tenant the tenant the VM will serve from now on; it is never handed to another
 * @param runtime the Lambda runtime of the function to start in it, e.g. {@code python3.11}
 * @param memoryMib the function's memory; a pooled VM of another size is resized on claim
 * @param claimant who claims (a placement instance id), for the pool's books and logs
 */
public record ClaimVmRequest(String tenant, String runtime, long memoryMib, String claimant) {}
