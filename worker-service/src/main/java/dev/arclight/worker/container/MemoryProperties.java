package dev.arclight.worker.container;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a shrunk VM is grown before use ({@link GrowBeforeUse}).
 *
 * @param floorMib memory for the guest's kernel, agent and pre-started runtimes, on top of its
 *     containers' limits; reclaim-service's policy floor is the same figure
 * @param settle the longest a start or an invocation waits for the balloon to deflate
 */
@ConfigurationProperties("arclight.worker.grow-before-use")
public record MemoryProperties(
        @DefaultValue("160") long floorMib,
        @DefaultValue("2s") Duration settle) {

    public MemoryProperties {
        if (floorMib < 64) {
            throw new IllegalArgumentException(
                    "arclight.worker.grow-before-use.floor-mib must be at least 64, was " + floorMib);
        }
    }
}
