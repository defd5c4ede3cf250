package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With tracing on, the call the gateway forwards to placement carries the gateway's own trace
 * context: one {@code traceparent}, in the caller's trace, naming a span of the gateway's rather
 * than the caller's. (Spans are exported to a port nobody listens on; a failed export is only
 * logged.)
 */
@TestPropertySource(
        properties = {
            "management.tracing.export.enabled=true",
            "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces",
        })
class InvokeTracingIntegrationTests extends InvokeIntegrationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void withTracingOnEverySpanIsSampled() {
        assertThat(aNewSpanIsSampled()).isTrue();
    }

    @Test
    void theCallToPlacementCarriesOneTraceparentOfTheCallersTraceNamingTheGatewaysSpan() {
        var function = "fn-" + UUID.randomUUID();
        ALL.forEach(s -> s.answerWith(new StandInPlacementInstance.Answer(
                200,
                Map.of("Content-Type", "application/json", "x-amzn-RequestId", "req-" + function),
                "{}".getBytes(StandardCharsets.UTF_8))));

        http.post()
                .uri("/2015-03-31/functions/" + function + "/invocations")
                .header("X-Api-Key", "acme-api-key")
                .header(TenantHeader.NAME, "acme")
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                .bodyValue("{}".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(ALL.stream().flatMap(s -> s.received(function).stream()))
                .singleElement()
                .satisfies(received -> assertThat(received.header("traceparent"))
                        .singleElement()
                        .satisfies(traceparent -> assertThat(traceparent)
                                .startsWith("00-" + TRACE_ID + "-")
                                .doesNotContain(CALLER_SPAN)));
    }
}
