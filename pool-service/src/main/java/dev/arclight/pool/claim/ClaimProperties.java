package dev.arclight.pool.claim;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How claims size the VM they hand over ({@link ClaimDecision}).
 *
 * @param growHeadroomMib memory a claimed VM needs beyond the function's: the worker's
 *     grow-before-use floor ({@code arclight.worker.grow-before-use.floor-mib}, 160), so that the
 *     first container start finds the VM big enough
 */
@ConfigurationProperties("arclight.pool.claims")
public record ClaimProperties(@DefaultValue("160") long growHeadroomMib) {

    public ClaimProperties {
        if (growHeadroomMib < 0) {
            throw new IllegalArgumentException(
                    "arclight.pool.claims.grow-headroom-mib must not be negative, was " + growHeadroomMib);
        }
    }
}
