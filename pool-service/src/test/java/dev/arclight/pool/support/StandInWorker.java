package dev.arclight.pool.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.worker.AssignVmRequest;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.contracts.worker.WorkerError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the worker API calls the pool makes (boot, assign, resize, destroy), on a JDK
 * HttpServer, keeping VMs as records. Like the real worker it refuses (409 {@code
 * VmAlreadyAssigned}) to hand a VM to a second tenant. {@link #failing} drops every connection
 * (a dead worker); {@link #failBoots} and {@link #failAssigns} answer 503.
 */
public final class StandInWorker implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    public final String id;
    public final long memoryMib;
    public final List<BootVmRequest> boots = new CopyOnWriteArrayList<>();
    public final List<String> assigned = new CopyOnWriteArrayList<>();
    public final List<String> resizes = new CopyOnWriteArrayList<>();
    public final List<String> destroyed = new CopyOnWriteArrayList<>();
    public final Map<String, String> tenants = new ConcurrentHashMap<>();
    public final Map<String, Long> vmMemory = new ConcurrentHashMap<>();
    public volatile boolean failing;
    public volatile boolean failBoots;
    public volatile boolean failAssigns;
    public volatile String startedBy = "boot";

    private final HttpServer server;

    public StandInWorker(String id, long memoryMib) {
        this.id = id;
        this.memoryMib = memoryMib;
        this.server = listen(this::handle);
    }

    private static HttpServer listen(HttpHandler handler) {
        HttpServer listening;
        try {
            listening = HttpServer.create();
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listening.createContext("/", handler);
        listening.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        listening.start();
        return listening;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** A capacity report as the worker would publish it now. */
    public WorkerCapacity capacity() {
        long committed = vmMemory.values().stream().mapToLong(Long::longValue).sum();
        return new WorkerCapacity(id, url(), memoryMib, committed, 4, vmMemory.size(), vmMemory.size(), Instant.now());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failing) {
                return; // no status line: the client sees the connection end, as with a crash
            }
            var method = exchange.getRequestMethod();
            var path = exchange.getRequestURI().getPath().split("/");
            var body = exchange.getRequestBody().readAllBytes();
            if (method.equals("POST") && path.length == 2 && path[1].equals("vms")) {
                var request = JSON.readValue(body, BootVmRequest.class);
                boots.add(request);
                if (failBoots) {
                    reply(exchange, 503, new WorkerError("VmBootFailed", "stand-in boot failure"));
                    return;
                }
                vmMemory.put(request.vmId(), request.memoryMib());
                reply(exchange, 201, view(request.vmId(), request.maxMemoryMib()));
            } else if (method.equals("PUT") && path.length == 4 && path[3].equals("tenant")) {
                var request = JSON.readValue(body, AssignVmRequest.class);
                if (failAssigns) {
                    reply(exchange, 503, new WorkerError("VmUnavailable", "stand-in assign failure"));
                    return;
                }
                var previous = tenants.putIfAbsent(path[2], request.tenant());
                if (previous != null && !previous.equals(request.tenant())) {
                    reply(exchange, 409, new WorkerError("VmAlreadyAssigned", "VM serves " + previous));
                    return;
                }
                assigned.add(path[2]);
                reply(exchange, 200, view(path[2], 2048L));
            } else if (method.equals("PUT") && path.length == 4 && path[3].equals("memory")) {
                var request = JSON.readValue(body, ResizeVmMemoryRequest.class);
                resizes.add(path[2] + "=" + request.memoryMib());
                vmMemory.put(path[2], request.memoryMib());
                reply(exchange, 200, view(path[2], 2048L));
            } else if (method.equals("DELETE") && path.length == 3 && path[1].equals("vms")) {
                destroyed.add(path[2]);
                vmMemory.remove(path[2]);
                exchange.sendResponseHeaders(204, -1);
            } else {
                reply(
                        exchange,
                        404,
                        new WorkerError("NotFound", "no route " + method + " " + exchange.getRequestURI()));
            }
        }
    }

    private VmView view(String vmId, Long maxMemoryMib) {
        long memory = vmMemory.getOrDefault(vmId, 512L);
        return new VmView(
                vmId,
                id,
                tenants.get(vmId),
                memory,
                maxMemoryMib == null ? memory : maxMemoryMib,
                1,
                "tcg",
                "running",
                Instant.now(),
                List.of(),
                List.of(),
                startedBy);
    }

    /** Answers with {@code body} as JSON. */
    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (var out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
