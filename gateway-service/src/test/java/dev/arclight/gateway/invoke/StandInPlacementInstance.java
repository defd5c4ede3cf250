package dev.arclight.gateway.invoke;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for one placement instance on the invocation path: a real HTTP server on its own port
 * that answers {@code /actuator/health} (UP, or 503 once told to be unhealthy) and Invoke the way
 * placement does (200 with the payload echoed for RequestResponse, 202 for Event, 204 for DryRun),
 * or with a canned answer, or not at all (hanging), or only once released (held), recording every
 * invocation it receives.
 */
final class StandInPlacementInstance implements AutoCloseable {

    /** One invocation as this instance received it. */
    record Received(String uri, Headers headers, byte[] body) {

        List<String> header(String name) {
            return Optional.ofNullable(headers.get(name)).orElse(List.of());
        }
    }

    /** A canned answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    private final String name;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicBoolean hanging = new AtomicBoolean();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final AtomicReference<Answer> canned = new AtomicReference<>();

    StandInPlacementInstance(String name) {
        this(name, 0);
    }

    /** An instance on {@code port}, for a test that starts it after the gateway (0: any port). */
    StandInPlacementInstance(String name, int port) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/actuator/health", this::health);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.start();
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Invocations received for {@code function} (its name as it appears in the path). */
    List<Received> received(String function) {
        return received.stream()
                .filter(r -> r.uri().startsWith("/2015-03-31/functions/" + function + "/"))
                .toList();
    }

    void healthy(boolean up) {
        healthy.set(up);
    }

    /** Invocations get no answer at all (until {@link #reset}). */
    void hang() {
        hanging.set(true);
    }

    /** Invocations are received, then wait for {@link #release}. */
    void holdInvocations() {
        hold.set(new CountDownLatch(1));
    }

    void release() {
        var latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    void answerWith(Answer answer) {
        canned.set(answer);
    }

    void reset() {
        healthy.set(true);
        hanging.set(false);
        canned.set(null);
        release();
        received.clear();
    }

    private void health(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        boolean up = healthy.get();
        send(
                exchange,
                up ? 200 : 503,
                Map.of("Content-Type", "application/json"),
                (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void invoke(HttpExchange exchange) throws IOException {
        var body = exchange.getRequestBody().readAllBytes();
        var headers = new Headers();
        exchange.getRequestHeaders().forEach(headers::put);
        received.add(new Received(exchange.getRequestURI().toString(), headers, body));
        if (hanging.get()) {
            pause(30_000);
        }
        var latch = hold.get();
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var answer = canned.get();
        if (answer != null) {
            send(exchange, answer.status(), answer.headers(), answer.body());
            return;
        }
        switch (Optional.ofNullable(headers.getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse")) {
            case "Event" -> send(exchange, 202, Map.of(), new byte[0]);
            case "DryRun" -> send(exchange, 204, Map.of(), new byte[0]);
            default ->
                send(
                        exchange,
                        200,
                        Map.of("Content-Type", "application/json", "X-Amz-Executed-Version", "$LATEST"),
                        body);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The gateway gave up on this call (time limit) and closed the connection.
        } finally {
            exchange.close();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
