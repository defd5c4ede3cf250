package dev.arclight.worker.guest;

import dev.arclight.contracts.invocation.TimeoutBudget;
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
    /**
     * The worker's share of the invocation's time budget: it waits for the agent a little longer than
     * the agent waits for the runtime (an invoke after a crash re-inits first, bounded by the init
     * limit sent with every start and invoke), so that the agent, which knows what happened, answers.
     */
    private static final TimeoutBudget BUDGET = TimeoutBudget.DEFAULT;

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
        fields.put("initTimeoutMs", BUDGET.runtimeInit().toMillis());
        return connection.call("start_container", fields, BUDGET.workerStart());
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
                .put("timeoutMs", timeout.toMillis())
                .put("initTimeoutMs", BUDGET.runtimeInit().toMillis());
        if (functionArn != null) {
            fields.put("functionArn", functionArn);
        }
        if (clientContext != null) {
            fields.put("clientContext", clientContext);
        }
        var result = connection.call("invoke", fields, BUDGET.workerInvoke(timeout));
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

    /** Has the agent keep a pre-started runtime of each of these ready; returns at once. */
    public JsonNode prestart(java.util.List<String> runtimes) {
        var fields = connection.fields();
        var list = fields.putArray("runtimes");
        runtimes.forEach(list::add);
        return connection.call("prestart", fields, CONTROL_TIMEOUT);
    }

    /**
     * Gives a VM restored from a template its own identity: the agent mixes {@code seed} into the
     * kernel's entropy pool and reseeds its CRNG, sets the clock, and restarts its pre-started
     * runtimes from the new state. Returns the agent's answer, with the VM's own boot id.
     */
    public JsonNode identity(byte[] seed, long epochMs) {
        var fields = connection
                .fields()
                .put("seed", Base64.getEncoder().encodeToString(seed))
                .put("epochMs", epochMs);
        return connection.call("identity", fields, CONTROL_TIMEOUT);
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
