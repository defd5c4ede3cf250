package dev.arclight.pool;

import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerApiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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

    @Bean
    WorkerApi workerApi(WorkerApiProperties properties) {
        return new WorkerApi(properties);
    }

    @Bean
    PoolMetrics poolMetrics(MeterRegistry registry) {
        return new PoolMetrics(registry);
    }
}
