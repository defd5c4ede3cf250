package dev.arclight.contracts.pool;

/** Error types pool-service answers with, in the body shape of {@code contracts.worker.WorkerError}. */
public final class PoolErrors {

    /** 404 on a claim: no sub-pool has a warm VM for this runtime and memory; boot one instead. */
    public static final String NO_WARM_VM = "NoWarmVm";

    /** 404 on the admin API: no sub-pool with that id. */
    public static final String NO_SUCH_SUB_POOL = "NoSuchSubPool";

    /** 400: a sub-pool definition or claim that cannot be served (unknown runtime, min over max, ...). */
    public static final String INVALID_PARAMETER = "InvalidParameterValueException";

    private PoolErrors() {}
}
