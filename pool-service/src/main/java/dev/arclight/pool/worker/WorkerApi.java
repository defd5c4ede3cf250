package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.AssignVmRequest;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerError;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The worker API calls the pool makes, to any worker by its URL (workers come and go with their
 * capacity reports, so there is no fixed client per worker). Every failure is a {@link
 * WorkerCallException}; destroying a VM the worker no longer has counts as done.
 *
 * <p>With Spring's observation registry (given only while tracing is on), each call is a client
 * span that sends W3C {@code traceparent}, so a claim's calls to the worker join the invocation's
 * trace; with {@link ObservationRegistry#NOOP} a call costs nothing more.
 */
public class WorkerApi {

    private final RestClient calls;
    private final RestClient boots;

    public WorkerApi(WorkerApiProperties properties) {
        this(properties, ObservationRegistry.NOOP);
    }

    public WorkerApi(WorkerApiProperties properties, ObservationRegistry observations) {
        var http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.calls = client(http, properties.callTimeout(), observations);
        this.boots = client(http, properties.bootTimeout(), observations);
    }

    public VmView boot(URI worker, BootVmRequest request) {
        return call(
                "boot VM " + request.vmId(),
                worker,
                () -> boots.post()
                        .uri(base(worker) + "/vms")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(request)
                        .retrieve()
                        .body(VmView.class));
    }

    public void assign(URI worker, String vmId, String tenant) {
        call(
                "assign VM " + vmId,
                worker,
                () -> calls.put()
                        .uri(base(worker) + "/vms/{id}/tenant", vmId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new AssignVmRequest(tenant))
                        .retrieve()
                        .toBodilessEntity());
    }

    public VmView resize(URI worker, String vmId, long memoryMib) {
        return call(
                "resize VM " + vmId,
                worker,
                () -> calls.put()
                        .uri(base(worker) + "/vms/{id}/memory", vmId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ResizeVmMemoryRequest(memoryMib))
                        .retrieve()
                        .body(VmView.class));
    }

    /** Every VM the worker has now, pooled or not. */
    public List<VmView> list(URI worker) {
        return call("list VMs", worker, () -> {
            var views = calls.get().uri(base(worker) + "/vms").retrieve().body(VmView[].class);
            return views == null ? List.<VmView>of() : List.of(views);
        });
    }

    public void destroy(URI worker, String vmId) {
        try {
            call(
                    "destroy VM " + vmId,
                    worker,
                    () -> calls.delete()
                            .uri(base(worker) + "/vms/{id}", vmId)
                            .retrieve()
                            .toBodilessEntity());
        } catch (WorkerCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private static <T> T call(String operation, URI worker, Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException e) {
            var error = errorOf(e);
            throw new WorkerCallException(
                    e.getStatusCode().value(),
                    error.type(),
                    operation + " on " + worker + " failed with "
                            + e.getStatusCode().value() + ": " + error.message(),
                    e);
        } catch (RestClientException e) {
            throw new WorkerCallException(
                    0, "Unreachable", operation + " on " + worker + " failed: " + e.getMessage(), e);
        }
    }

    /** The worker's own error, or one made of the status when the body is not a WorkerError. */
    private static WorkerError errorOf(RestClientResponseException e) {
        WorkerError body = null;
        try {
            body = e.getResponseBodyAs(WorkerError.class);
        } catch (RuntimeException notAWorkerError) {
            // e.g. a proxy's HTML page
        }
        return body != null && body.type() != null
                ? body
                : new WorkerError("HTTP" + e.getStatusCode().value(), e.getStatusText());
    }

    private static String base(URI worker) {
        var url = worker.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static RestClient client(HttpClient http, Duration readTimeout, ObservationRegistry observations) {
        var factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(readTimeout);
        return RestClient.builder()
                .requestFactory(factory)
                .observationRegistry(observations)
                .build();
    }
}
