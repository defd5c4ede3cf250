package dev.arclight.gateway.reclaim;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param url base URL of reclaim-service, whose admin view {@code GET /admin/reclaim} is */
@Validated
@ConfigurationProperties("arclight.gateway.reclaim")
public record ReclaimRouteProperties(
        @NotNull @DefaultValue("http://localhost:8083") URI url) {

    public ReclaimRouteProperties {
        if (url != null && !url.isAbsolute()) {
            throw new IllegalArgumentException("arclight.gateway.reclaim.url must be an absolute URL, was " + url);
        }
    }
}
