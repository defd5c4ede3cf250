package dev.arclight.placement.container;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hash ring this instance finds reserved arcs on, to keep its share of provisioned
 * concurrency. Both numbers must equal the gateway's {@code arclight.gateway.ring.*}: the gateway
 * sends provisioned calls to the arc these numbers give, and the containers are only warm for them
 * if placement put them on the same arc.
 *
 * @param virtualNodes points each placement instance owns on the ring
 * @param callsPerInstance provisioned executions per member of a reserved arc before it widens
 */
@Validated
@ConfigurationProperties("arclight.placement.ring")
public record RingProperties(
        @DefaultValue("128") @Min(1) int virtualNodes,
        @DefaultValue("10") @Min(1) int callsPerInstance) {}
