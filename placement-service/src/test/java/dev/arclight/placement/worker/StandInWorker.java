package dev.arclight.placement.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.FunctionInitFailure;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.placement.StandInHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the worker API (the subset placement calls), on a JDK HttpServer: it keeps
 * VMs and containers as records and "runs" a function by its handler name:
 *
 * <ul>
 *   <li>{@code error.*}: the function raises ({@code ValueError});
 *   <li>{@code importfail.*}: the container does not start: its Python runtime cannot import a module
 *       (the worker's 422 with a {@code FunctionInitFailure} and the runtime's own error JSON);
 *   <li>{@code exitfail.*}: the container does not start: its runtime exits during init (no error
 *       JSON, so placement builds Lambda's);
 *   <li>{@code badzip.*}: the container does not start: the guest agent refuses the zip (the worker's
 *       400 {@code InvalidZipFileException}, as for an entry outside the task folder);
 *   <li>{@code crash.*}: the runtime exits during the invocation ({@code Runtime.ExitError});
 *   <li>{@code sleep.*}: the worker does not answer for 30 s (a hung worker);
 *   <li>anything else: echoes the event.
 * </ul>
 *
 * {@link #failing} makes it drop every connection without an answer, as a dead worker would.
 */
public final class StandInWorker implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    public final List<BootVmRequest> boots = new CopyOnWriteArrayList<>();
    public final List<StartContainerRequest> starts = new CopyOnWriteArrayList<>();
    public final List<String> stoppedContainers = new CopyOnWriteArrayList<>();
    public final List<String> destroyedVms = new CopyOnWriteArrayList<>();
    public final List<String> invokedContainers = new CopyOnWriteArrayList<>();
    public final List<InvokeContainerRequest> invocations = new CopyOnWriteArrayList<>();
    /** The {@code traceparent} of each invocation, "" when it had none. */
    public final List<String> invocationTraceparents = new CopyOnWriteArrayList<>();

    public final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    public volatile boolean failing;
    /** VMs whose guest died: calls to their containers answer 503 {@code AgentUnavailable}. */
    public final java.util.Set<String> deadVms = ConcurrentHashMap.newKeySet();

    /** The VMs it runs, as {@code GET /vms} lists them: booted here and not destroyed, or put here. */
    public final Map<String, VmView> vms = new ConcurrentHashMap<>();

    private final Map<String, StartContainerRequest> containers = new ConcurrentHashMap<>();
    private final Map<String, String> containerVms = new ConcurrentHashMap<>();
    private final HttpServer server;

    public StandInWorker() {
        server = StandInHttp.start(this::handle);
    }

    public URI url() {
        return StandInHttp.url(server);
    }

    /** Containers started for this qualified function ARN. */
    public List<StartContainerRequest> startsOf(String functionArn) {
        return starts.stream().filter(s -> s.functionArn().equals(functionArn)).toList();
    }

    /** The VM (worker's id) a started container runs in. */
    public String vmOf(String containerId) {
        return containerVms.get(containerId);
    }

    public String containerIdOf(StartContainerRequest start) {
        return start.containerId();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (failing) {
                // Close without a status line: the client sees the connection end, as with a crash.
                return;
            }
            var method = exchange.getRequestMethod();
            var path = exchange.getRequestURI().getPath().split("/");
            var body = exchange.getRequestBody().readAllBytes();
            if (method.equals("POST") && path.length == 2 && path[1].equals("vms")) {
                var request = JSON.readValue(body, BootVmRequest.class);
                boots.add(request);
                var vm = vm(request.vmId(), request.tenant(), request.memoryMib());
                vms.put(vm.vmId(), vm);
                StandInHttp.reply(exchange, 200, vm);
            } else if (method.equals("POST") && path.length == 4 && path[3].equals("containers")) {
                var request = JSON.readValue(body, StartContainerRequest.class);
                starts.add(request);
                if (deadVms.contains(path[2])) {
                    StandInHttp.reply(
                            exchange, 503, new WorkerError("VmUnavailable", "VM " + path[2] + " is not running"));
                    return;
                }
                if (request.handler() != null && request.handler().startsWith("badzip.")) {
                    var message = "start container: the zip's entry ../../etc/evil leaves the task folder";
                    StandInHttp.reply(exchange, 400, new WorkerError("InvalidZipFileException", message));
                    return;
                }
                var failure = initFailure(request.handler() == null ? "" : request.handler());
                if (failure != null) {
                    StandInHttp.reply(
                            exchange, 422, new WorkerError(failure.errorType(), failure.errorMessage(), failure));
                    return;
                }
                containers.put(request.containerId(), request);
                containerVms.put(request.containerId(), path[2]);
                StandInHttp.reply(exchange, 200, view(request, path[2], "idle"));
            } else if (method.equals("POST") && path.length == 4 && path[3].equals("invocations")) {
                invoke(exchange, path[2], JSON.readValue(body, InvokeContainerRequest.class));
            } else if (method.equals("DELETE") && path.length == 3 && path[1].equals("containers")) {
                stoppedContainers.add(path[2]);
                containers.remove(path[2]);
                exchange.sendResponseHeaders(204, -1);
            } else if (method.equals("DELETE") && path.length == 3 && path[1].equals("vms")) {
                destroyedVms.add(path[2]);
                vms.remove(path[2]);
                exchange.sendResponseHeaders(204, -1);
            } else if (method.equals("GET") && path.length == 2 && path[1].equals("vms")) {
                StandInHttp.reply(exchange, 200, List.copyOf(vms.values()));
            } else if (method.equals("GET") && path.length == 2 && path[1].equals("capacity")) {
                StandInHttp.reply(
                        exchange, 200, new WorkerCapacity("stand-in", url(), 16384, 0, 4, 0, 0, Instant.now()));
            } else {
                StandInHttp.reply(
                        exchange,
                        404,
                        new WorkerError("NotFound", "no route " + method + " " + exchange.getRequestURI()));
            }
        }
    }

    /** As a restarted worker: it knows none of the containers placement started before. */
    public void forgetContainers() {
        containers.clear();
    }

    private void invoke(HttpExchange exchange, String containerId, InvokeContainerRequest request) throws IOException {
        invocations.add(request);
        var traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        invocationTraceparents.add(traceparent == null ? "" : traceparent);
        if (deadVms.contains(containerVms.getOrDefault(containerId, ""))) {
            StandInHttp.reply(exchange, 503, new WorkerError("AgentUnavailable", "invoke: agent channel closed"));
            return;
        }
        if (containerId.startsWith("c-deadvm")) {
            // As the worker answers for a container whose VM's QEMU died.
            StandInHttp.reply(exchange, 503, new WorkerError("AgentUnavailable", "invoke: agent channel closed"));
            return;
        }
        var container = containers.get(containerId);
        if (container == null) {
            StandInHttp.reply(exchange, 404, new WorkerError("NoSuchContainer", "no container " + containerId));
            return;
        }
        invokedContainers.add(containerId);
        var handler = container.handler() == null ? "" : container.handler();
        var log = "START RequestId: " + request.requestId() + "\nhello from " + container.functionArn() + "\n";
        if (handler.startsWith("sleep.")) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (handler.startsWith("crash.")) {
            var message = "RequestId: " + request.requestId() + " Error: Runtime exited with error: exit status 1";
            var error = JSON.writeValueAsString(Map.of("errorMessage", message, "errorType", "Runtime.ExitError"));
            StandInHttp.reply(
                    exchange,
                    200,
                    new InvokeContainerResult(
                            request.requestId(), "error", error, "Runtime.ExitError", 2.0, log, null));
            return;
        }
        if (handler.startsWith("error.")) {
            var error = "{\"errorMessage\":\"bad input\",\"errorType\":\"ValueError\",\"stackTrace\":[]}";
            StandInHttp.reply(
                    exchange,
                    200,
                    new InvokeContainerResult(request.requestId(), "error", error, "ValueError", 3.5, log, null));
            return;
        }
        StandInHttp.reply(
                exchange,
                200,
                new InvokeContainerResult(request.requestId(), "success", request.payload(), null, 1.25, log, 120.0));
    }

    private static FunctionInitFailure initFailure(String handler) {
        if (handler.startsWith("importfail.")) {
            var message = "Unable to import module 'app': No module named 'nope'";
            var error = "{\"errorMessage\": \"" + message
                    + "\", \"errorType\": \"Runtime.ImportModuleError\", \"stackTrace\": []}";
            return new FunctionInitFailure(
                    "Runtime.ImportModuleError",
                    message,
                    error,
                    "[ERROR] Runtime.ImportModuleError: " + message + "\nTraceback (most recent call last):\n");
        }
        if (handler.startsWith("exitfail.")) {
            return new FunctionInitFailure(
                    "Runtime.ExitError", "Runtime exited with error: exit status 1", null, "bootstrap: crashing\n");
        }
        return null;
    }

    /** A running VM as this worker lists it. */
    public static VmView vm(String vmId, String tenant, Long memoryMib) {
        return new VmView(
                vmId, "stand-in", tenant, memoryMib, memoryMib, 1, "tcg", "running", Instant.now(), List.of());
    }

    private static ContainerView view(StartContainerRequest request, String vmId, String state) {
        return new ContainerView(
                request.containerId(),
                vmId,
                request.functionArn(),
                request.functionVersion(),
                request.runtime(),
                request.memoryMib(),
                state,
                0,
                null);
    }
}
