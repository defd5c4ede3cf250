package dev.arclight.placement.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.arclight.placement.StandInHttp;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The trace context on placement's own calls, over real HTTP to a stand-in that records the headers. */
class ClientTracingTests {

    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final HttpServer server = StandInHttp.start(exchange -> {
        try (exchange) {
            var header = exchange.getRequestHeaders().getFirst("traceparent");
            traceparents.add(header == null ? "(none)" : header);
            exchange.sendResponseHeaders(204, -1);
        }
    });
    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final OtelTracer tracer =
            new OtelTracer(otel.getTracer("test"), new OtelCurrentTraceContext(), event -> {});
    private final ClientTracing on =
            ClientTracing.on(tracer, new OtelPropagator(otel.getPropagators(), otel.getTracer("test")));

    @AfterEach
    void stop() {
        server.stop(0);
        provider.close();
    }

    @Test
    void aCallMadeWhileASpanIsCurrentCarriesItsTraceparent() {
        var span = tracer.nextSpan().name("invocation").start();
        try (var ignored = tracer.withSpan(span)) {
            get(on);
        } finally {
            span.end();
        }

        assertThat(traceparents)
                .singleElement()
                .satisfies(header -> assertThat(header)
                        .startsWith("00-" + span.context().traceId() + "-"
                                + span.context().spanId() + "-"));
    }

    @Test
    void aCallMadeOutsideAnySpanGoesAsItWas() {
        get(on);

        assertThat(traceparents).containsExactly("(none)");
    }

    @Test
    void offTheClientIsLeftAsItIsAndSendsNoTraceContext() {
        var http = HttpClient.newHttpClient();
        assertThat(ClientTracing.off().propagating(http)).isSameAs(http);

        var span = tracer.nextSpan().name("invocation").start();
        try (var ignored = tracer.withSpan(span)) {
            get(ClientTracing.off());
        } finally {
            span.end();
        }

        assertThat(traceparents).containsExactly("(none)");
    }

    @Test
    void workHandedToAnotherThreadRunsInTheSpanCurrentWhenItWasHandedOver() {
        var span = tracer.nextSpan().name("invocation").start();
        CompletableFuture<Void> call;
        try (var ignored = tracer.withSpan(span)) {
            call = CompletableFuture.supplyAsync(
                    on.inCurrentSpan(() -> {
                        get(on);
                        return null;
                    }),
                    Thread::startVirtualThread);
        } finally {
            span.end();
        }
        call.join();

        assertThat(traceparents)
                .singleElement()
                .satisfies(header -> assertThat(header).contains(span.context().traceId()));
    }

    private void get(ClientTracing tracing) {
        var factory = new JdkClientHttpRequestFactory(tracing.propagating(HttpClient.newHttpClient()));
        RestClient.builder()
                .baseUrl(StandInHttp.url(server).toString())
                .requestFactory(factory)
                .build()
                .get()
                .uri("/capacity")
                .retrieve()
                .toBodilessEntity();
    }
}
