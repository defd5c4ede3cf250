package dev.arclight.worker.container;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits every container gets besides the memory its function asks for.
 *
 * @param containerPidsMax the most processes and threads one container may have at once (its
 *     cgroup's {@code pids.max}); a fork bomb stops there instead of exhausting the guest
 */
@ConfigurationProperties("arclight.worker")
public record ContainerProperties(@DefaultValue("1024") int containerPidsMax) {

    public ContainerProperties {
        if (containerPidsMax < 16 || containerPidsMax > 65_536) {
            throw new IllegalArgumentException(
                    "arclight.worker.container-pids-max must be between 16 and 65536, was " + containerPidsMax);
        }
    }
}
