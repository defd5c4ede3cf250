package dev.arclight.placement.invocation;

/** Takes {@code Event} invocations: queues them durably, to run later with retries. */
public interface AsyncInvocations {

    /**
     * Returns only once the event is durably stored (the caller answers 202 on the strength of it).
     *
     * @return the request id the event runs under
     * @throws dev.arclight.placement.lambda.LambdaException when it cannot be stored (5xx)
     */
    String accept(Invocation invocation);
}
