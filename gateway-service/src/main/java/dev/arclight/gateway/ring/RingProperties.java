package dev.arclight.gateway.ring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shape of the hash ring; see {@link ArcRouter} for what each number does. Placement sizes
 * reserved arcs with its own {@code arclight.placement.ring.*}: the first two numbers must be the
 * same there.
 *
 * @param virtualNodes points each placement instance owns on the ring
 * @param callsPerInstance concurrent calls of one function an arc gives each of its instances
 *     before it widens by one (counted by this gateway)
 * @param loadFactor the most calls in flight an instance takes for unreserved calls, as a multiple
 *     of the ring's mean calls in flight (the mean taken as at least {@code callsPerInstance});
 *     greater than 1
 */
@Validated
@ConfigurationProperties("arclight.gateway.ring")
public record RingProperties(
        int virtualNodes,
        int callsPerInstance,
        @DefaultValue("1.25") double loadFactor) {

    public RingProperties {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException(
                    "arclight.gateway.ring.virtual-nodes must be at least 1, was " + virtualNodes);
        }
        if (callsPerInstance < 1) {
            throw new IllegalArgumentException(
                    "arclight.gateway.ring.calls-per-instance must be at least 1, was " + callsPerInstance);
        }
        if (!(loadFactor > 1.0)) {
            throw new IllegalArgumentException(
                    "arclight.gateway.ring.load-factor must be greater than 1, was " + loadFactor);
        }
    }
}
