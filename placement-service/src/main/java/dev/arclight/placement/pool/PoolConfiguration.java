package dev.arclight.placement.pool;

import dev.arclight.placement.concurrency.LiveInstances;
import dev.arclight.placement.tracing.ClientTracing;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.Workers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pool client, behind Resilience4j's circuit breaker {@code pool} (tuned by {@code
 * resilience4j.circuitbreaker.instances.pool.*}, else the default config), so that a pool that keeps
 * failing is skipped without waiting for its timeout.
 */
@Configuration(proxyBeanMethods = false)
class PoolConfiguration {

    @Bean
    PoolClaims poolClaims(
            PoolProperties properties,
            CircuitBreakerRegistry breakers,
            LiveInstances instances,
            MeterRegistry meters,
            Workers workers,
            WorkerProperties workerProperties,
            ClientTracing tracing) {
        if (!properties.enabled()) {
            return PoolClaims.NONE;
        }
        return new HttpPoolClaims(
                properties,
                breakers.circuitBreaker("pool"),
                instances.self(),
                meters,
                HttpPoolClaims.destroyingOn(workers, workerProperties.callTimeout()),
                tracing);
    }
}
