package dev.arclight.reclaim.resize;

import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.reclaim.ReclaimProperties;
import dev.arclight.reclaim.decision.ReclaimMetrics;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends resize commands ({@code PUT /vms/{id}/memory}) to workers. Each worker has its own circuit
 * breaker, retry and bulkhead, {@code worker-<id>} in Resilience4j's registries (tuned under
 * {@code resilience4j.*} in application.yml): the bulkhead bounds the commands in flight to one
 * worker, retries included; the retry backs off exponentially and retries only unavailability
 * (no answer, 5xx), never a 4xx or an open breaker; the breaker counts only unavailability, so a
 * worker refusing a resize it cannot do stays closed. The command is an absolute target, so sending
 * it twice (a retry after a lost answer, another instance resuming it) sets the same target: the
 * {@code Idempotency-Key} header names the decision for the worker's logs.
 */
@Component
public class WorkerResizeClient {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient http;
    private final JsonMapper json;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final BulkheadRegistry bulkheads;
    private final ReclaimMetrics metrics;
    private final Duration requestTimeout;

    WorkerResizeClient(
            JsonMapper json,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            BulkheadRegistry bulkheads,
            ReclaimMetrics metrics,
            ReclaimProperties properties) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.worker().connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.json = json;
        this.breakers = breakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.metrics = metrics;
        this.requestTimeout = properties.worker().requestTimeout();
    }

    public ResizeOutcome resize(String workerId, URI apiUrl, String vmId, long memoryMib, String idempotencyKey) {
        long started = System.nanoTime();
        var outcome = send(workerId, apiUrl, vmId, memoryMib, idempotencyKey);
        metrics.resizeCall(workerId, outcome.getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    public CircuitBreaker breaker(String workerId) {
        var name = "worker-" + workerId;
        var base = breakers.getConfiguration(name).orElse(breakers.getDefaultConfig());
        return breakers.circuitBreaker(
                name,
                CircuitBreakerConfig.from(base)
                        .recordExceptions(WorkerUnreachableException.class)
                        .ignoreExceptions(WorkerRefusedException.class, IllegalStateException.class)
                        .build());
    }

    private ResizeOutcome send(String workerId, URI apiUrl, String vmId, long memoryMib, String key) {
        var name = "worker-" + workerId;
        var retryBase = retries.getConfiguration(name).orElse(retries.getDefaultConfig());
        Retry retry = retries.retry(
                name,
                RetryConfig.from(retryBase)
                        .retryExceptions(WorkerUnreachableException.class)
                        .ignoreExceptions(
                                WorkerRefusedException.class,
                                CallNotPermittedException.class,
                                IllegalStateException.class)
                        .build());
        Bulkhead bulkhead = bulkheads.bulkhead(name);
        var call = CircuitBreaker.decorateSupplier(breaker(workerId), () -> put(apiUrl, vmId, memoryMib, key));
        try {
            var view = Bulkhead.decorateSupplier(bulkhead, Retry.decorateSupplier(retry, call))
                    .get();
            return new ResizeOutcome.Accepted(view.memoryMib());
        } catch (CallNotPermittedException e) {
            return new ResizeOutcome.BreakerOpen();
        } catch (BulkheadFullException e) {
            return new ResizeOutcome.Crowded();
        } catch (WorkerRefusedException e) {
            return new ResizeOutcome.Refused(e.status, e.body);
        } catch (WorkerUnreachableException e) {
            return new ResizeOutcome.Unreachable(e.getMessage());
        }
    }

    private VmView put(URI apiUrl, String vmId, long memoryMib, String key) {
        var request = HttpRequest.newBuilder(
                        apiUrl.resolve("/vms/" + URLEncoder.encode(vmId, StandardCharsets.UTF_8) + "/memory"))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, key)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(new ResizeVmMemoryRequest(memoryMib))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WorkerUnreachableException("no answer from worker at " + apiUrl + ": " + e, e);
        } catch (InterruptedException e) {
            // Shutting down: neither a failure of the worker nor an outcome. The decision stays
            // pending and its claim lapses, so another instance sends it again.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resizing VM " + vmId, e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new WorkerUnreachableException("worker at " + apiUrl + " answered " + status, null);
        }
        if (status >= 400) {
            throw new WorkerRefusedException(status, response.body());
        }
        return json.readValue(response.body(), VmView.class);
    }
}
