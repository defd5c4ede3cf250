package dev.arclight.placement.worker;

import dev.arclight.placement.tracing.ClientTracing;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.function.BiFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One client per configured worker. Each worker gets the circuit breaker {@code worker-<id>} from
 * Resilience4j's registry (so {@code resilience4j.circuitbreaker.instances.worker-<id>.*} or the
 * default config tune it), told to count only unavailability as failure. While tracing is on, the
 * shared JDK client sends the current trace context with every call ({@link ClientTracing}).
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    Workers workers(WorkerProperties properties, CircuitBreakerRegistry breakers, ClientTracing tracing) {
        var http = tracing.propagating(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build());
        BiFunction<String, URI, WorkerClient> client = (id, url) -> {
            var name = "worker-" + id;
            var base = breakers.getConfiguration(name).orElse(breakers.getDefaultConfig());
            var config = CircuitBreakerConfig.from(base)
                    .recordException(WorkerUnavailableException::countsAgainstWorker)
                    .build();
            return new WorkerClient(id, url, http, breakers.circuitBreaker(name, config));
        };
        var clients = properties.workers().stream()
                .map(worker -> client.apply(worker.id(), worker.url()))
                .toList();
        return new Workers(clients, client);
    }
}
