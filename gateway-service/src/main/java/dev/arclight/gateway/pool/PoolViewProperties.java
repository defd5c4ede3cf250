package dev.arclight.gateway.pool;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway reads the warm pool's state for {@code GET /admin/pool}.
 *
 * @param url pool-service's base URL
 * @param timeout the most the gateway waits for its answer, connection included
 */
@Validated
@ConfigurationProperties("arclight.gateway.pool")
public record PoolViewProperties(
        @DefaultValue("http://localhost:8082") @NotNull URI url,
        @DefaultValue("5s") @NotNull Duration timeout) {

    public PoolViewProperties {
        if (url != null && !url.isAbsolute()) {
            throw new IllegalArgumentException("arclight.gateway.pool.url must be an absolute URL, was " + url);
        }
        if (timeout != null && !timeout.isPositive()) {
            throw new IllegalArgumentException("arclight.gateway.pool.timeout must be positive");
        }
    }
}
