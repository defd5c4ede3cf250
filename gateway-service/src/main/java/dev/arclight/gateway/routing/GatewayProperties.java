package dev.arclight.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway sends what it accepts.
 *
 * @param placementUrl base URL of placement-service, which serves the function registry
 */
@Validated
@ConfigurationProperties("arclight.gateway")
public record GatewayProperties(@NotNull URI placementUrl) {

    public GatewayProperties {
        if (placementUrl != null && !placementUrl.isAbsolute()) {
            throw new IllegalArgumentException(
                    "arclight.gateway.placement-url must be an absolute URL, was " + placementUrl);
        }
    }
}
