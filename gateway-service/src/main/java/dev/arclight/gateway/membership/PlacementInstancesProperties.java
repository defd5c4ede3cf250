package dev.arclight.gateway.membership;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The placement instances invocations are routed to, when membership comes from configuration.
 *
 * <pre>
 * arclight.gateway.placement-instances:
 *   - {name: placement-1, url: http://placement-1:8081}
 *   - {name: placement-2, url: http://placement-2:8081}
 * </pre>
 *
 * @param placementUrl placement-service's URL for the control API; with no instances listed, the
 *     one instance {@code placement-1} at this URL
 * @param placementInstances the instances, names unique
 */
@Validated
@ConfigurationProperties("arclight.gateway")
public record PlacementInstancesProperties(@NotNull URI placementUrl, List<PlacementInstance> placementInstances) {

    static final String DEFAULT_NAME = "placement-1";

    public PlacementInstancesProperties {
        if (placementInstances == null || placementInstances.isEmpty()) {
            placementInstances =
                    placementUrl == null ? List.of() : List.of(new PlacementInstance(DEFAULT_NAME, placementUrl));
        }
        placementInstances = List.copyOf(placementInstances);
        var names = new HashSet<String>();
        for (var instance : placementInstances) {
            if (!names.add(instance.name())) {
                throw new IllegalArgumentException(
                        "arclight.gateway.placement-instances: the name " + instance.name() + " is used twice");
            }
        }
    }
}
