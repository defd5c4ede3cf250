package dev.arclight.gateway.ring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The shape of the hash ring; see {@link ArcRouter} for what each number does.
 *
 * @param virtualNodes points each placement instance owns on the ring
 * @param callsPerInstance concurrent calls of one function an arc gives each of its instances
 *     before it widens by one (counted by this gateway)
 */
@Validated
@ConfigurationProperties("arclight.gateway.ring")
public record RingProperties(int virtualNodes, int callsPerInstance) {

    public RingProperties {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException(
                    "arclight.gateway.ring.virtual-nodes must be at least 1, was " + virtualNodes);
        }
        if (callsPerInstance < 1) {
            throw new IllegalArgumentException(
                    "arclight.gateway.ring.calls-per-instance must be at least 1, was " + callsPerInstance);
        }
    }
}
