package dev.arclight.pool;

import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerApiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every feature of the pool shares. */
@Configuration(proxyBeanMethods = false)
class PoolConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The worker calls are observed only while traces are exported: otherwise it would cost every call for nothing. */
    @Bean
    WorkerApi workerApi(
            WorkerApiProperties properties,
            @Value("${management.tracing.export.enabled:false}") boolean tracing,
            ObjectProvider<ObservationRegistry> observations) {
        return new WorkerApi(
                properties,
                tracing ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP);
    }

    @Bean
    PoolMetrics poolMetrics(MeterRegistry registry) {
        return new PoolMetrics(registry);
    }
}
