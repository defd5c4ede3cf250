package dev.arclight.placement.invocation;

/**
 * Runs a call in a container: resolves the qualifier, takes a concurrency permit, finds or starts
 * a container, invokes it. Used by the synchronous API and by the asynchronous event consumer.
 */
public interface Invoker {

    /**
     * @throws dev.arclight.placement.lambda.LambdaException when the call cannot run: unknown
     *     function or qualifier (404), throttled (429), no capacity or a worker failure (5xx)
     */
    InvocationOutcome invoke(Invocation invocation);
}
