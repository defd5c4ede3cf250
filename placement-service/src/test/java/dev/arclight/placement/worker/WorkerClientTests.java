package dev.arclight.placement.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.placement.tracing.ClientTracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerClientTests {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final StandInWorker worker = new StandInWorker();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    final CircuitBreaker breaker = CircuitBreaker.of(
            "worker-w1",
            CircuitBreakerConfig.custom()
                    .slidingWindowSize(4)
                    .minimumNumberOfCalls(4)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1))
                    .recordException(WorkerUnavailableException::countsAgainstWorker)
                    .build());
    final WorkerClient client = new WorkerClient("w1", worker.url(), http, breaker);

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    @Test
    void bootsStartsAndInvokesThroughTheWorkerApi() {
        var vm = client.bootVm(new BootVmRequest("vm-1", "acme", 512L, 512L, 1), TIMEOUT);
        var container = client.startContainer("vm-1", start("c-1", "app.handler"), TIMEOUT);
        var result = client.invoke("c-1", new InvokeContainerRequest("r-1", "{\"a\":1}", null), TIMEOUT);

        assertThat(vm.vmId()).isEqualTo("vm-1");
        assertThat(container.containerId()).isEqualTo("c-1");
        assertThat(result.status()).isEqualTo("success");
        assertThat(result.payload()).isEqualTo("{\"a\":1}");
    }

    @Test
    void takesAWorkerErrorAsARejectionThatDoesNotCountAgainstTheWorker() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.invoke("no-such", new InvokeContainerRequest("r", "{}", null), TIMEOUT))
                    .isInstanceOfSatisfying(WorkerRejectedException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.type()).isEqualTo("NoSuchContainer");
                    });
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.available()).isTrue();
    }

    @Test
    void aVmWhoseGuestIsGoneIsUnavailableWithoutOpeningTheWorkersBreaker() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.invoke("c-deadvm", new InvokeContainerRequest("r", "{}", null), TIMEOUT))
                    .isInstanceOfSatisfying(
                            WorkerUnavailableException.class,
                            e -> assertThat(e.vmScoped()).isTrue());
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(client.available()).isTrue();
    }

    @Test
    void stopsCallingAWorkerThatKeepsFailingUntilItsBreakerLetsATrialThrough() {
        worker.failing = true;
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.capacity(TIMEOUT)).isInstanceOf(WorkerUnavailableException.class);
        }
        int reached = worker.requests.get();

        assertThatThrownBy(() -> client.capacity(TIMEOUT))
                .isInstanceOf(WorkerUnavailableException.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(worker.requests.get()).isEqualTo(reached);
        assertThat(client.available()).isFalse();
    }

    @Test
    void givesUpOnAHungCallAtItsTimeout() {
        client.startContainer("vm-1", start("c-slow", "sleep.handler"), TIMEOUT);

        long began = System.nanoTime();
        assertThatThrownBy(() ->
                        client.invoke("c-slow", new InvokeContainerRequest("r", "{}", null), Duration.ofMillis(300)))
                .isInstanceOf(WorkerUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void givesUpOnAHungInvocationAtItsTimeoutOnAKeptAliveConnectionAndCountsItAgainstTheWorker() {
        client.startContainer("vm-1", start("c-1", "app.handler"), TIMEOUT);
        client.startContainer("vm-1", start("c-slow", "sleep.handler"), TIMEOUT);
        client.invoke("c-1", new InvokeContainerRequest("r-1", "{}", null), TIMEOUT); // the connection is pooled now

        long began = System.nanoTime();
        assertThatThrownBy(() ->
                        client.invoke("c-slow", new InvokeContainerRequest("r", "{}", null), Duration.ofMillis(400)))
                .isInstanceOfSatisfying(WorkerUnavailableException.class, e -> {
                    assertThat(e.vmScoped()).isFalse();
                    assertThat(e).hasMessageContaining("no answer within 400 ms");
                });
        var took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void anInvocationSentWhileASpanIsCurrentCarriesItsTraceparent() {
        var otel = SdkTracerProvider.builder().build().get("worker-client-test");
        var tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        var propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
        var traced = new WorkerClient(
                "w1", worker.url(), ClientTracing.on(tracer, propagator).propagating(http), breaker);
        client.startContainer("vm-1", start("c-1", "app.handler"), TIMEOUT);

        var span = tracer.nextSpan().name("invoke").start();
        try (var ignored = tracer.withSpan(span)) {
            traced.invoke("c-1", new InvokeContainerRequest("r-1", "{}", null), TIMEOUT);
        } finally {
            span.end();
        }
        traced.invoke("c-1", new InvokeContainerRequest("r-2", "{}", null), TIMEOUT); // no span current
        client.invoke("c-1", new InvokeContainerRequest("r-3", "{}", null), TIMEOUT); // tracing off: the plain client

        assertThat(worker.invocationTraceparents)
                .containsExactly(
                        "00-" + span.context().traceId() + "-" + span.context().spanId() + "-01", "", "");
    }

    @Test
    void reportsAnUnreachableWorkerAsUnavailable() {
        var nowhere = new WorkerClient("w2", URI.create("http://127.0.0.1:1"), http, CircuitBreaker.ofDefaults("w2"));

        assertThatThrownBy(() -> nowhere.capacity(TIMEOUT)).isInstanceOf(WorkerUnavailableException.class);
    }

    @Test
    void triesWorkersWithAnOpenBreakerLast() {
        var first = new WorkerClient("a", worker.url(), http, CircuitBreaker.ofDefaults("a"));
        var second = new WorkerClient("b", worker.url(), http, CircuitBreaker.ofDefaults("b"));
        var workers = new Workers(List.of(first, second));
        first.breaker().transitionToOpenState();

        for (int i = 0; i < 4; i++) {
            assertThat(workers.bootOrder()).containsExactly(second, first);
        }
    }

    private static StartContainerRequest start(String id, String handler) {
        return new StartContainerRequest(
                id,
                "arn:aws:lambda:us-east-1:123456789012:function:f:1",
                "1",
                "python3.11",
                handler,
                "UEsFBg==",
                128,
                3,
                Map.of());
    }
}
