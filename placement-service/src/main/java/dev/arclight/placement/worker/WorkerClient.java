package dev.arclight.placement.worker;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.contracts.worker.WorkerError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls one worker's API. Every call goes through the worker's circuit breaker: after repeated
 * failures calls fail at once ({@link WorkerUnavailableException}) instead of waiting for a dead
 * worker, and a trial call later finds out whether it is back. Answers the worker gives on
 * purpose (4xx) are {@link WorkerRejectedException}s and leave the breaker alone.
 *
 * <p>Each call has its own timeout; an invocation's depends on the function, so there is one
 * {@link RestClient} per distinct timeout, all over one shared JDK {@link HttpClient}. The
 * invocation itself, the one call on every warm path, is sent with that {@link HttpClient}
 * directly and {@link HttpRequest#timeout}: Spring's {@code JdkClientHttpRequest} with a read
 * timeout cancels its timer future when the exchange closes, which throws (and fills in the stack
 * traces of) three exceptions per call even when the call succeeds. While tracing is on, the shared
 * client adds the current trace context to every request (placement's {@code ClientTracing}).
 */
public class WorkerClient {

    private final String id;
    private final URI url;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Map<Duration, RestClient> clients = new ConcurrentHashMap<>();
    private final String base;
    private final JsonMapper json;

    public WorkerClient(String id, URI url, HttpClient http, CircuitBreaker breaker) {
        this.id = id;
        this.url = url;
        this.http = http;
        this.breaker = breaker;
        var text = url.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public String id() {
        return id;
    }

    public URI url() {
        return url;
    }

    /** Whether the breaker would let a call through now (closed or half-open). */
    public boolean available() {
        return breaker.getState() != CircuitBreaker.State.OPEN
                && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public VmView bootVm(BootVmRequest request, Duration timeout) {
        return call(
                "boot VM",
                timeout,
                rest -> rest.post()
                        .uri("/vms")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(request)
                        .retrieve()
                        .body(VmView.class));
    }

    public ContainerView startContainer(String vmId, StartContainerRequest request, Duration timeout) {
        return call(
                "start container",
                timeout,
                rest -> rest.post()
                        .uri("/vms/{vm}/containers", vmId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(request)
                        .retrieve()
                        .body(ContainerView.class));
    }

    public InvokeContainerResult invoke(String containerId, InvokeContainerRequest request, Duration timeout) {
        var operation = "invoke";
        return guarded(operation, () -> {
            var builder = HttpRequest.newBuilder(
                            URI.create(base + "/containers/" + pathSegment(containerId) + "/invocations"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)));
            HttpResponse<byte[]> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw unavailable(operation, "no answer within " + timeout.toMillis() + " ms", e);
            } catch (IOException e) {
                throw unavailable(operation, rootMessage(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(operation, "interrupted", e);
            }
            if (response.statusCode() >= 400) {
                throw translate(operation, response.statusCode(), "", response.body());
            }
            try {
                return json.readValue(response.body(), InvokeContainerResult.class);
            } catch (JacksonException e) {
                throw new WorkerUnavailableException(
                        id,
                        operation + " on worker " + id + " gave an unreadable answer: " + e.getOriginalMessage(),
                        e);
            }
        });
    }

    public void stopContainer(String containerId, Duration timeout) {
        call(
                "stop container",
                timeout,
                rest -> rest.delete()
                        .uri("/containers/{container}", containerId)
                        .retrieve()
                        .toBodilessEntity());
    }

    public void destroyVm(String vmId, Duration timeout) {
        call(
                "destroy VM",
                timeout,
                rest -> rest.delete().uri("/vms/{vm}", vmId).retrieve().toBodilessEntity());
    }

    /** Every VM the worker runs, pooled or a tenant's. */
    public List<VmView> vms(Duration timeout) {
        return call(
                "list VMs",
                timeout,
                rest -> List.of(rest.get().uri("/vms").retrieve().body(VmView[].class)));
    }

    public WorkerCapacity capacity(Duration timeout) {
        return call(
                "capacity",
                timeout,
                rest -> rest.get().uri("/capacity").retrieve().body(WorkerCapacity.class));
    }

    private <T> T call(String operation, Duration timeout, Function<RestClient, T> call) {
        return guarded(operation, () -> {
            try {
                return call.apply(client(timeout));
            } catch (RestClientResponseException e) {
                throw translate(
                        operation, e.getStatusCode().value(), e.getStatusText(), e.getResponseBodyAsByteArray());
            } catch (ResourceAccessException e) {
                throw unavailable(operation, rootMessage(e), e);
            } catch (RestClientException e) {
                throw new WorkerUnavailableException(
                        id, operation + " on worker " + id + " gave an unreadable answer: " + rootMessage(e), e);
            }
        });
    }

    /** Through the worker's breaker: an open one fails the call at once. */
    private <T> T guarded(String operation, Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new WorkerUnavailableException(id, "worker " + id + " is failing; its circuit breaker is open", e);
        }
    }

    private WorkerUnavailableException unavailable(String operation, String why, Exception e) {
        return new WorkerUnavailableException(id, operation + " on worker " + id + " failed: " + why, e);
    }

    private WorkerException translate(String operation, int status, String statusText, byte[] body) {
        var error = errorOf(status, statusText, body);
        if (status >= 500) {
            return new WorkerUnavailableException(
                    id,
                    operation + " on worker " + id + " failed with " + status + ": " + error.message(),
                    null,
                    status == 503 && WorkerUnavailableException.VM_SCOPED_TYPES.contains(error.type()));
        }
        return new WorkerRejectedException(id, status, error.type(), error.message(), error.initFailure());
    }

    private WorkerError errorOf(int status, String statusText, byte[] body) {
        try {
            var error = body == null || body.length == 0 ? null : json.readValue(body, WorkerError.class);
            if (error != null && error.type() != null) {
                return error;
            }
        } catch (JacksonException ignored) {
            // Not a WorkerError body (e.g. a proxy's page): fall back to the status text.
        }
        return new WorkerError("HTTP" + status, statusText);
    }

    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    /** A path segment as RestClient's URI template would have encoded it. */
    private static String pathSegment(String value) {
        return PLAIN_SEGMENT.matcher(value).matches()
                ? value
                : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private RestClient client(Duration timeout) {
        return clients.computeIfAbsent(timeout, t -> {
            var factory = new JdkClientHttpRequestFactory(http);
            factory.setReadTimeout(t);
            return RestClient.builder()
                    .baseUrl(url.toString())
                    .requestFactory(factory)
                    .build();
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
