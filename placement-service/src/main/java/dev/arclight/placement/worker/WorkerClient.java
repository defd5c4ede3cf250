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
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls one worker's API. Every call goes through the worker's circuit breaker: after repeated
 * failures calls fail at once ({@link WorkerUnavailableException}) instead of waiting for a dead
 * worker, and a trial call later finds out whether it is back. Answers the worker gives on
 * purpose (4xx) are {@link WorkerRejectedException}s and leave the breaker alone.
 *
 * <p>Each call has its own timeout; an invocation's depends on the function, so there is one
 * {@link RestClient} per distinct timeout, all over one shared JDK {@link HttpClient}.
 */
public class WorkerClient {

    private final String id;
    private final URI url;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Map<Duration, RestClient> clients = new ConcurrentHashMap<>();

    public WorkerClient(String id, URI url, HttpClient http, CircuitBreaker breaker) {
        this.id = id;
        this.url = url;
        this.http = http;
        this.breaker = breaker;
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
        return call(
                "invoke",
                timeout,
                rest -> rest.post()
                        .uri("/containers/{container}/invocations", containerId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(request)
                        .retrieve()
                        .body(InvokeContainerResult.class));
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

    public WorkerCapacity capacity(Duration timeout) {
        return call(
                "capacity",
                timeout,
                rest -> rest.get().uri("/capacity").retrieve().body(WorkerCapacity.class));
    }

    private <T> T call(String operation, Duration timeout, Function<RestClient, T> call) {
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return call.apply(client(timeout));
                } catch (RestClientResponseException e) {
                    throw translate(operation, e);
                } catch (ResourceAccessException e) {
                    throw new WorkerUnavailableException(
                            id, operation + " on worker " + id + " failed: " + rootMessage(e), e);
                } catch (RestClientException e) {
                    throw new WorkerUnavailableException(
                            id, operation + " on worker " + id + " gave an unreadable answer: " + rootMessage(e), e);
                }
            });
        } catch (CallNotPermittedException e) {
            throw new WorkerUnavailableException(id, "worker " + id + " is failing; its circuit breaker is open", e);
        }
    }

    private WorkerException translate(String operation, RestClientResponseException e) {
        var status = e.getStatusCode().value();
        if (status >= 500) {
            var error = errorOf(e);
            return new WorkerUnavailableException(
                    id,
                    operation + " on worker " + id + " failed with " + status + ": " + error.message(),
                    e,
                    status == 503 && WorkerUnavailableException.VM_SCOPED_TYPES.contains(error.type()));
        }
        var error = errorOf(e);
        return new WorkerRejectedException(id, status, error.type(), error.message(), error.initFailure());
    }

    private static WorkerError errorOf(RestClientResponseException e) {
        try {
            var error = e.getResponseBodyAs(WorkerError.class);
            if (error != null && error.type() != null) {
                return error;
            }
        } catch (RuntimeException ignored) {
            // Not a WorkerError body (e.g. a proxy's page): fall back to the status text.
        }
        return new WorkerError("HTTP" + e.getStatusCode().value(), e.getStatusText());
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
