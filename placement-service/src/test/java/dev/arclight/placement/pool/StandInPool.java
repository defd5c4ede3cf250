package dev.arclight.placement.pool;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.placement.StandInHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of pool-service's claim API ({@code POST /claims}) on a JDK HttpServer: it hands
 * out the VMs a test {@link #offer}s, once each, and answers 404 {@code NoWarmVm} when it has none,
 * as pool-service does. {@link #failing} drops every connection (a pool that crashed); {@link
 * #hanging} never answers (a pool that is stuck).
 */
public final class StandInPool implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** A warm VM the pool may hand out: on {@code workerId} at {@code workerUrl}. */
    public record Offer(String vmId, String workerId, URI workerUrl, long memoryMib) {}

    public final List<ClaimVmRequest> claims = new CopyOnWriteArrayList<>();
    public volatile boolean failing;
    public volatile boolean hanging;
    /** How long each claim waits before its answer (zero: at once). */
    public volatile Duration delay = Duration.ZERO;

    private final ConcurrentLinkedQueue<Offer> warm = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    public StandInPool() {
        server = StandInHttp.start(this::handle);
    }

    public URI url() {
        return StandInHttp.url(server);
    }

    public void offer(Offer vm) {
        warm.add(vm);
    }

    /** Back to an empty, healthy pool. */
    public void reset() {
        warm.clear();
        claims.clear();
        failing = false;
        hanging = false;
        delay = Duration.ZERO;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failing) {
                return;
            }
            if (hanging) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            var path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.equals("/claims")) {
                StandInHttp.reply(exchange, 404, new WorkerError("NotFound", "no route " + path));
                return;
            }
            var request = JSON.readValue(exchange.getRequestBody().readAllBytes(), ClaimVmRequest.class);
            claims.add(request);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var vm = warm.poll();
            if (vm == null) {
                StandInHttp.reply(
                        exchange, 404, new WorkerError(PoolErrors.NO_WARM_VM, "no warm VM for " + request.runtime()));
                return;
            }
            StandInHttp.reply(
                    exchange,
                    201,
                    new ClaimedVm(
                            vm.vmId(),
                            vm.workerId(),
                            vm.workerUrl(),
                            "sp-python",
                            List.of(request.runtime()),
                            vm.memoryMib(),
                            vm.memoryMib(),
                            vm.memoryMib() != 512));
        }
    }
}
