package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.membership.PlacementInstance;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

/** One instance's guards, against a real HTTP stand-in, without Spring. */
class PlacementClientTests {

    private static final Duration LONG = Duration.ofSeconds(10);

    private final StandInPlacementInstance standIn = new StandInPlacementInstance("p");
    private final PlacementInstance instance = new PlacementInstance("p", URI.create(standIn.url()));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        standIn.reset();
        standIn.close();
    }

    @Test
    void readsTheAnswerWholeWithItsStatusAndHeaders() {
        standIn.answerWith(new StandInPlacementInstance.Answer(
                200, Map.of("X-Amz-Function-Error", "Handled"), "{\"e\":1}".getBytes(StandardCharsets.UTF_8)));
        var answer = client(10, 5)
                .send(instance, invocation(), new HttpHeaders(), LONG)
                .block(LONG);

        assertThat(answer.status().value()).isEqualTo(200);
        assertThat(answer.headers().getFirst("X-Amz-Function-Error")).isEqualTo("Handled");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"e\":1}");
    }

    @Test
    void refusesACallBeyondTheBulkheadWithoutSendingIt() {
        standIn.holdInvocations();
        var client = client(1, 5);
        var first = client.send(instance, invocation(), new HttpHeaders(), LONG).toFuture();

        var second = client.send(instance, invocation(), new HttpHeaders(), LONG)
                .map(a -> (Object) a)
                .onErrorResume(e -> Mono.just(SendFailure.of(e)))
                .block(LONG);
        assertThat(second).isEqualTo(SendFailure.NOT_SENT);

        standIn.release();
        assertThat(first.join().status().value()).isEqualTo(200);
        assertThat(standIn.received()).hasSize(1);
    }

    @Test
    void cutsOffACallThatOutlastsItsTimeLimit() {
        standIn.hang();
        long started = System.nanoTime();
        var failure = client(10, 5)
                .send(instance, invocation(), new HttpHeaders(), Duration.ofMillis(500))
                .map(a -> (Object) a)
                .onErrorResume(e -> Mono.just(SendFailure.of(e)))
                .block(LONG);

        assertThat(failure).isEqualTo(SendFailure.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void opensTheBreakerAfterRefusedCallsAndThenRefusesWithoutConnecting() {
        var dead = new PlacementInstance("dead", URI.create("http://localhost:" + freePort()));
        var client = client(10, 3);
        for (int i = 0; i < 3; i++) {
            var failure = client.send(dead, invocation(), new HttpHeaders(), LONG)
                    .map(a -> (Object) a)
                    .onErrorResume(e -> Mono.just(e))
                    .block(LONG);
            assertThat(SendFailure.of((Throwable) failure)).isEqualTo(SendFailure.NOT_SENT);
        }
        assertThat(client.breaker("dead").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(client.breaker("p").getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        var refused = client.send(dead, invocation(), new HttpHeaders(), LONG)
                .map(a -> (Object) a)
                .onErrorResume(e -> Mono.just(e))
                .block(LONG);
        assertThat(refused).isInstanceOf(io.github.resilience4j.circuitbreaker.CallNotPermittedException.class);
    }

    private PlacementClient client(int maxConcurrentCalls, int breakerWindow) {
        return new PlacementClient(
                new InvokeProperties(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(1),
                        DataSize.ofMegabytes(7),
                        new InvokeProperties.Breaker(50, breakerWindow, breakerWindow, Duration.ofMinutes(1)),
                        new InvokeProperties.Bulkhead(maxConcurrentCalls)),
                meters,
                ObservationRegistry.NOOP);
    }

    private static Invocation invocation() {
        return new Invocation(
                "acme", "hello", "/2015-03-31/functions/hello/invocations", null, new HttpHeaders(), new byte[] {
                    '{', '}'
                });
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
