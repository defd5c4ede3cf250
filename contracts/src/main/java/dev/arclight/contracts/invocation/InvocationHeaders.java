package dev.arclight.contracts.invocation;

/**
 * Arclight's own headers on the invocation path, besides Lambda's ({@code X-Amz-*}). The gateway
 * sets them on the call it forwards to placement and on the answer it returns, so operators and
 * tests can see where a call went.
 */
public final class InvocationHeaders {

    /** The arc the gateway chose for the call: {@code reserved} or {@code unreserved}. */
    public static final String ARC = "X-Arclight-Arc";

    /** The placement instance that served the call (its ring member name). */
    public static final String PLACEMENT_INSTANCE = "X-Arclight-Placement-Instance";

    /**
     * How the call found its container: {@code warm}, {@code tenant-vm}, {@code pool} or {@code cold}
     * (see {@link dev.arclight.contracts.pool.InvocationStart}).
     */
    public static final String START = "X-Arclight-Start";

    /**
     * Lambda's header for the caller's client context: base64 of a JSON object, at most {@value
     * #MAX_CLIENT_CONTEXT_BYTES} bytes. The gateway and placement refuse anything else with 400
     * {@code InvalidRequestContentException}; placement hands a valid one to the worker as it came.
     */
    public static final String CLIENT_CONTEXT = "X-Amz-Client-Context";

    /** Lambda's bound on {@link #CLIENT_CONTEXT}, in bytes of the header's (base64) value. */
    public static final int MAX_CLIENT_CONTEXT_BYTES = 3583;

    private InvocationHeaders() {}
}
