package dev.arclight.placement.concurrency;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConcurrencyConfiguration {

    @Bean
    PostgresConcurrencyLimiter concurrencyLimiter(ConcurrencyProperties properties, DataSource dataSource) {
        return new PostgresConcurrencyLimiter(instanceId(properties), properties, dataSource);
    }

    @Bean
    LiveInstances liveInstances(
            PostgresConcurrencyLimiter limiter, ConcurrencyProperties properties, DataSource dataSource) {
        return new LiveInstances(limiter, properties, dataSource);
    }

    /**
     * The configured id, else the host name (the pod name in Kubernetes) with a random suffix: a
     * restarted instance starts with fresh rows, and the rows of its previous life expire.
     */
    private static String instanceId(ConcurrencyProperties properties) {
        if (!properties.instanceId().isBlank()) {
            return properties.instanceId();
        }
        var host = System.getenv().getOrDefault("HOSTNAME", "placement");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
