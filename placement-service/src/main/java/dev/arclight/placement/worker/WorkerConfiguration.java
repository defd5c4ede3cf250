package dev.arclight.placement.worker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.BiFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One client per configured worker. Each worker gets the circuit breaker {@code worker-<id>} from
 * Resilience4j's registry (so {@code resilience4j.circuitbreaker.instances.worker-<id>.*} or the
 * default config tune it), told to count only unavailability as failure.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    Workers workers(WorkerProperties properties, CircuitBreakerRegistry breakers, TraceHeaders trace) {
        var http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        BiFunction<String, URI, WorkerClient> client = (id, url) -> {
            var name = "worker-" + id;
            var base = breakers.getConfiguration(name).orElse(breakers.getDefaultConfig());
            var config = CircuitBreakerConfig.from(base)
                    .recordException(WorkerUnavailableException::countsAgainstWorker)
                    .build();
            return new WorkerClient(id, url, http, breakers.circuitBreaker(name, config), trace);
        };
        var clients = properties.workers().stream()
                .map(worker -> client.apply(worker.id(), worker.url()))
                .toList();
        return new Workers(clients, client);
    }

    /**
     * The trace context for calls to workers, while tracing is on (the switch the Kafka
     * observations follow too) and Micrometer Tracing's beans are there; otherwise none.
     */
    @Bean
    TraceHeaders workerTraceHeaders(
            @Value("${management.tracing.export.enabled:false}") boolean tracing,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        var t = tracer.getIfAvailable();
        var p = propagator.getIfAvailable();
        return tracing && t != null && p != null ? TraceHeaders.of(t, p) : TraceHeaders.NONE;
    }
}
