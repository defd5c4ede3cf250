package dev.arclight.reclaim.resize;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.VmView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the one worker endpoint reclaim calls, {@code PUT /vms/{id}/memory}, on a JDK
 * HttpServer. It records every command, and answers as {@link #mode} says: set the target, fail
 * with 500, hang, or hold the command until {@link #release} (a worker slow to answer while reclaim
 * restarts).
 */
public final class StandInWorker implements AutoCloseable {

    public enum Mode {
        ANSWER,
        FAIL,
        HANG,
        HOLD
    }

    /** One command as received. */
    public record Command(String vmId, long memoryMib, String idempotencyKey, Instant at) {}

    private static final JsonMapper JSON = JsonMapper.shared();

    public final List<Command> commands = new CopyOnWriteArrayList<>();
    public volatile Mode mode = Mode.ANSWER;
    public final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    public StandInWorker() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/vms/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Command> commandsFor(String vmId) {
        return commands.stream().filter(c -> c.vmId().equals(vmId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var parts = exchange.getRequestURI().getPath().split("/");
            if (!"PUT".equals(exchange.getRequestMethod()) || parts.length != 4 || !"memory".equals(parts[3])) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            var request = JSON.readValue(exchange.getRequestBody(), ResizeVmMemoryRequest.class);
            commands.add(new Command(
                    parts[2],
                    request.memoryMib(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    Instant.now()));
            switch (mode) {
                case FAIL -> {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                case HANG -> {
                    sleep(30_000);
                    return;
                }
                case HOLD -> release.await();
                case ANSWER -> {}
            }
            var view = new VmView(
                    parts[2], "w", "t", request.memoryMib(), 512, 1, "tcg", "running", Instant.now(), List.of());
            var body = JSON.writeValueAsBytes(view);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
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
