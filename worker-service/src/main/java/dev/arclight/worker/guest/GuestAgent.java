package dev.arclight.worker.guest;

import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The operations of a VM's agent (docs/guest-protocol.md) as typed calls over an {@link
 * AgentConnection}.
 */
public final class GuestAgent implements AutoCloseable {

    /** Zips up to this size travel inside the start request; larger ones are uploaded in chunks. */
    static final int INLINE_CODE_BYTES = 4 * 1024 * 1024;

    private static final int CHUNK_BYTES = 1024 * 1024;
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);
    /** Starting a runtime under TCG takes seconds (python 1.6 s, node 2.5 s); init may take more. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Beyond the function's own timeout, for the agent to kill it and answer. */
    private static final Duration INVOKE_GRACE = Duration.ofSeconds(10);
    /**
     * An invocation after the runtime died (timeout, out of memory) starts it again first, and that
     * init is bounded by the agent's own init timeout (60 s, docs/guest-protocol.md), not by the
     * function's timeout: the host must wait for both.
     */
    private static final Duration COLD_INIT_ALLOWANCE = Duration.ofSeconds(60);

    private final AgentConnection connection;

    public GuestAgent(AgentConnection connection) {
        this.connection = connection;
    }

    public JsonNode ping() {
        return connection.call("ping", connection.fields(), CONTROL_TIMEOUT);
    }

    /** Starts the container and returns once its runtime asks for its first event (it is warm). */
    public JsonNode startContainer(ContainerSpec spec) {
        var fields = connection
                .fields()
                .put("containerId", spec.containerId())
                .put("runtime", spec.runtime())
                .put("memoryMib", spec.memoryMib())
                .put("pidsMax", spec.pidsMax())
                .put("timeoutMs", spec.timeout().toMillis());
        if (spec.handler() != null) {
            fields.put("handler", spec.handler());
        }
        if (spec.functionName() != null) {
            fields.put("functionName", spec.functionName());
        }
        if (spec.functionVersion() != null) {
            fields.put("functionVersion", spec.functionVersion());
        }
        var env = fields.putObject("env");
        spec.environment().forEach(env::put);
        if (spec.code().length <= INLINE_CODE_BYTES) {
            fields.put("code", Base64.getEncoder().encodeToString(spec.code()));
        } else {
            fields.put("codeUploadId", upload(spec.code()));
        }
        return connection.call("start_container", fields, START_TIMEOUT);
    }

    /**
     * Runs one invocation. A runtime that has to initialise again first (after a timeout or a crash)
     * and fails to is a {@link InvokeOutcome.FunctionError} too, as Lambda answers it.
     *
     * @param clientContext the caller's {@code X-Amz-Client-Context} (base64 JSON), or {@code null}
     */
    public InvokeOutcome invoke(
            String containerId,
            String requestId,
            String payload,
            Duration timeout,
            String functionArn,
            String clientContext) {
        var fields = connection
                .fields()
                .put("containerId", containerId)
                .put("requestId", requestId)
                .put("payload", payload)
                .put("timeoutMs", timeout.toMillis());
        if (functionArn != null) {
            fields.put("functionArn", functionArn);
        }
        if (clientContext != null) {
            fields.put("clientContext", clientContext);
        }
        var result = connection.call(
                "invoke", fields, timeout.plus(COLD_INIT_ALLOWANCE).plus(INVOKE_GRACE));
        double duration = result.path("durationMs").asDouble();
        var logTail = result.path("logTail").asString("");
        if ("success".equals(result.path("status").asString(""))) {
            var init = result.path("initDurationMs");
            return new InvokeOutcome.Success(
                    requestId,
                    result.path("payload").asString(""),
                    duration,
                    logTail,
                    init.isNumber() ? init.asDouble() : null);
        }
        var errorType = result.path("errorType").asString("Unhandled");
        var payloadText = result.path("payload").asString("");
        if (payloadText.isEmpty()) {
            // Timeouts and crashes carry a message instead of the runtime's error JSON: build Lambda's.
            payloadText = connection
                    .fields()
                    .put("errorMessage", result.path("errorMessage").asString(""))
                    .put("errorType", errorType)
                    .toString();
        }
        return new InvokeOutcome.FunctionError(requestId, errorType, payloadText, duration, logTail);
    }

    public JsonNode stopContainer(String containerId) {
        return connection.call("stop_container", connection.fields().put("containerId", containerId), CONTROL_TIMEOUT);
    }

    public JsonNode stats() {
        return connection.call("stats", connection.fields(), CONTROL_TIMEOUT);
    }

    public boolean isConnected() {
        return connection.isOpen();
    }

    private String upload(byte[] code) {
        var uploadId = UUID.randomUUID().toString();
        for (int offset = 0; offset < code.length; offset += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, code.length - offset);
            var chunk = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(code, offset, offset + length));
            connection.call(
                    "upload_chunk",
                    connection
                            .fields()
                            .put("uploadId", uploadId)
                            .put("offset", offset)
                            .put("data", chunk),
                    CONTROL_TIMEOUT);
        }
        return uploadId;
    }

    @Override
    public void close() {
        connection.close();
    }
}
