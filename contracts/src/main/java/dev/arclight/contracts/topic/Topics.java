package dev.arclight.contracts.topic;

/**
 * The Kafka topics that connect Arclight's services, with the producer and consumers of each. A
 * service creates the topics it produces to; consumers never create topics.
 */
public final class Topics {

    /**
     * Per-VM utilization samples, keyed by VM id. Produced by worker-service every few seconds and
     * on state changes; consumed by reclaim-service to decide balloon resizes.
     */
    public static final String VM_UTILIZATION = "arclight.vm-utilization";

    /**
     * Each worker's host capacity (memory and vCPUs, committed and free), keyed by worker id.
     * Produced by worker-service; consumed by pool-service to know which workers exist and where a
     * VM fits.
     */
    public static final String WORKER_CAPACITY = "arclight.worker-capacity";

    /**
     * Function configuration changes ({@code FunctionSnapshot}), keyed by unqualified function ARN, with a
     * tombstone when a function is deleted; compacted so the latest state of each
     * function survives. Produced by placement-service; consumed by gateway-service for its local
     * view of the registry.
     */
    public static final String FUNCTION_CONFIGURATIONS = "arclight.function-configurations";

    /**
     * Accepted asynchronous ({@code Event}) invocations ({@code AsyncInvocationEvent}), keyed by
     * function ARN. Produced by the placement instance the gateway routed the call to, before it
     * answers 202; consumed by all placement instances in one consumer group.
     */
    public static final String ASYNC_INVOCATIONS = "arclight.invocations.async";

    /**
     * Asynchronous invocations that failed after their last retry, with the error. Produced by
     * placement-service.
     */
    public static final String ASYNC_INVOCATIONS_DEAD_LETTER = "arclight.invocations.async.dead-letter";

    /**
     * Every resize decision of the reclaim service and each change of its status ({@code
     * reclaim.ResizeDecision}), keyed by VM id. Produced by reclaim-service; for dashboards and
     * audits (the decision log itself is reclaim-service's PostgreSQL).
     */
    public static final String VM_RESIZES = "arclight.vm-resizes";

    private Topics() {}
}
