package dev.arclight.e2e;

import static dev.arclight.e2e.FunctionRegistryEndToEndTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.invocation.InvocationSpans;
import dev.arclight.e2e.OtlpTraceReceiver.ReceivedSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One invocation through the AWS SDK is one trace: the platform's services export their spans by
 * OTLP/HTTP to a receiver in the test JVM and log ECS JSON (as the container images do; {@link
 * Platform} starts every service so), and the call's spans in the gateway, placement and the
 * worker share one trace id, are parent and child across the processes, carry the request id the
 * SDK saw, and the three services' log lines of the call carry the trace id.
 */
class TraceEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(30);
    /** OTLP's span kinds. */
    private static final int SERVER = 2;

    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    @Test
    void oneInvocationIsOneTraceAcrossGatewayPlacementAndWorkerAndItsLogLinesCarryTheTraceId() throws Exception {
        var name = uniqueName("trace");
        InvokeResponse response;
        // The call is a cold start: on this TCG host under load one took over 60 s (2026-12-02).
        try (var lambda = LambdaClients.forTenant(
                TestTenants.LOCAL_ACCESS_KEY, TestTenants.LOCAL_SECRET, Duration.ofMinutes(4))) {
            createEcho(lambda, name);
            response = lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{\"traced\":true}")));
        }
        var requestId = response.responseMetadata().requestId();
        var instance = response.sdkHttpResponse()
                .firstMatchingHeader(InvocationHeaders.PLACEMENT_INSTANCE)
                .orElseThrow();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(requestId).isNotBlank();

        var tagged =
                awaitTaggedServerSpans(requestId, Set.of("gateway-service", "placement-service", "worker-service"));
        var traceIds = tagged.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
        assertThat(traceIds).as("trace ids of the spans tagged %s", requestId).hasSize(1);
        var traceId = traceIds.iterator().next();
        var trace = Platform.get().traces().spansOf(traceId);
        // What an operator sees of the call in a trace backend (docs/operations.md, "Traces").
        trace.forEach(span -> System.out.printf(
                "TRACE-E2E %s %s span %s parent %s kind %d '%s' %s%n",
                traceId,
                span.service(),
                span.spanId(),
                span.parentSpanId().isEmpty() ? "-" : span.parentSpanId(),
                span.kind(),
                span.name(),
                span.attributes()));
        assertThat(trace)
                .extracting(ReceivedSpan::service)
                .contains("gateway-service", "placement-service", "worker-service");

        // The gateway's server span is the root (the SDK sends no trace context); placement's is
        // below a gateway span, the worker's invocation span below a placement span.
        var gateway = serverSpanOf(tagged, "gateway-service");
        var placement = serverSpanOf(tagged, "placement-service");
        var worker = serverSpanOf(tagged, "worker-service");
        assertThat(gateway.parentSpanId()).isEmpty();
        assertThat(serviceOf(trace, placement.parentSpanId())).isEqualTo("gateway-service");
        assertThat(serviceOf(trace, worker.parentSpanId())).isEqualTo("placement-service");
        assertThat(List.of(gateway, placement, worker))
                .allSatisfy(span -> assertThat(span.attributes()).containsEntry(InvocationSpans.REQUEST_ID, requestId));

        assertThat(jsonLinesWith(traceId, Platform.GATEWAY))
                .as("gateway log lines of the call")
                .isNotEmpty();
        assertThat(jsonLinesWith(traceId, instance))
                .as("%s log lines of the call", instance)
                .isNotEmpty();
        assertThat(jsonLinesWith(traceId, Platform.WORKER))
                .as("worker log lines of the call")
                .isNotEmpty();
    }

    /**
     * An {@code Event} call is one trace too, across Kafka: the gateway's span of the 202, placement's
     * producer span of the record, its consumer span of the event's run (from the record's {@code
     * traceparent} header), and the worker's span of the run, each below the one before. Without the
     * header the run would start a trace of its own and the chain would break at the consumer.
     */
    @Test
    void anEventCallIsOneTraceFromTheGatewayThroughKafkaToTheWorker() throws Exception {
        var name = uniqueName("trace-async");
        InvokeResponse accepted;
        try (var lambda = LambdaClients.forTenant(
                TestTenants.LOCAL_ACCESS_KEY, TestTenants.LOCAL_SECRET, Duration.ofMinutes(4))) {
            createEcho(lambda, name);
            // Warm first, so the event's run is a warm call that ends within the export wait.
            assertThat(lambda.invoke(r -> r.functionName(name)).statusCode()).isEqualTo(200);
            accepted = lambda.invoke(r -> r.functionName(name)
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"traced\":\"async\"}")));
        }
        assertThat(accepted.statusCode()).isEqualTo(202);
        var requestId = accepted.responseMetadata().requestId();

        var tagged =
                awaitTaggedServerSpans(requestId, Set.of("gateway-service", "placement-service", "worker-service"));
        var traceIds = tagged.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
        assertThat(traceIds).as("trace ids of the spans tagged %s", requestId).hasSize(1);
        var traceId = traceIds.iterator().next();
        var worker = serverSpanOf(tagged, "worker-service");
        var gateway = serverSpanOf(tagged, "gateway-service");

        // A span is exported when it ends: the consumer's, around the whole run, comes last.
        await().atMost(EXPORT_WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var chain = ancestors(Platform.get().traces().spansOf(traceId), worker);
            assertThat(chain)
                    .as("the worker span's ancestors")
                    .anyMatch(span -> span.service().equals("placement-service") && span.kind() == CONSUMER)
                    .anyMatch(span -> span.service().equals("placement-service") && span.kind() == PRODUCER);
            assertThat(chain.getLast()).isEqualTo(gateway);
            assertThat(chain.getLast().parentSpanId()).isEmpty();
        });
        ancestors(Platform.get().traces().spansOf(traceId), worker)
                .forEach(span -> System.out.printf(
                        "TRACE-E2E-ASYNC %s %s span %s kind %d '%s'%n",
                        traceId, span.service(), span.spanId(), span.kind(), span.name()));
    }

    private static void createEcho(LambdaClient lambda, String name) {
        lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(FunctionZips.echoPython())));
    }

    /** The span's parent, its parent, and so on, as far as the trace holds them: the root last. */
    private static List<ReceivedSpan> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        var chain = new ArrayList<ReceivedSpan>();
        var current = span;
        while (!current.parentSpanId().isEmpty() && chain.size() < trace.size()) {
            var parentId = current.parentSpanId();
            var parent = trace.stream().filter(s -> s.spanId().equals(parentId)).findFirst();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
            chain.add(current);
        }
        return chain;
    }

    /** Waits until each of {@code services} exported a server span with the request id attribute. */
    private static List<ReceivedSpan> awaitTaggedServerSpans(String requestId, Set<String> services)
            throws InterruptedException {
        var deadline = Instant.now().plus(EXPORT_WAIT);
        while (true) {
            var tagged = Platform.get().traces().spans().stream()
                    .filter(span -> span.kind() == SERVER)
                    .filter(span -> requestId.equals(span.attributes().get(InvocationSpans.REQUEST_ID)))
                    .toList();
            var seen = tagged.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
            if (seen.containsAll(services) || Instant.now().isAfter(deadline)) {
                assertThat(seen)
                        .as("services with a server span tagged %s (all spans: %s)", requestId, summary())
                        .containsAll(services);
                return tagged;
            }
            Thread.sleep(250);
        }
    }

    private static ReceivedSpan serverSpanOf(List<ReceivedSpan> spans, String service) {
        return spans.stream()
                .filter(span -> span.service().equals(service))
                .findFirst()
                .orElseThrow();
    }

    private static String serviceOf(List<ReceivedSpan> trace, String spanId) {
        return trace.stream()
                .filter(span -> span.spanId().equals(spanId))
                .map(ReceivedSpan::service)
                .findFirst()
                .orElse("(no span " + spanId + " in the trace)");
    }

    private static String summary() {
        return Platform.get().traces().spans().stream()
                .map(span -> span.service() + ":" + span.name() + ":" + span.traceId())
                .collect(Collectors.joining(", "));
    }

    /** The service's ECS JSON log lines with the trace id as a value of one of their fields. */
    private static List<JsonNode> jsonLinesWith(String traceId, String service) throws IOException {
        return Files.readAllLines(Platform.get().log(service)).stream()
                .filter(line -> line.startsWith("{") && line.contains(traceId))
                .map(JSON::readTree)
                .filter(line -> hasValue(line, traceId))
                .toList();
    }

    private static boolean hasValue(JsonNode node, String value) {
        if (node.isString()) {
            return node.asString().equals(value);
        }
        for (var child : node) {
            if (hasValue(child, value)) {
                return true;
            }
        }
        return false;
    }
}
