package dev.arclight.contracts.invocation;

/**
 * Names on the spans of an invocation, the same in every service, so that a trace backend can
 * find one call's spans by its request id (docs/operations.md, "Traces").
 */
public final class InvocationSpans {

    /**
     * The invocation's request id (Lambda's {@code x-amzn-RequestId}, which the SDK reports) as an
     * attribute of the gateway's, placement's and the worker's server span of the call. The name is
     * OpenTelemetry's semantic convention for an AWS request id.
     */
    public static final String REQUEST_ID = "aws.request_id";

    private InvocationSpans() {}
}
