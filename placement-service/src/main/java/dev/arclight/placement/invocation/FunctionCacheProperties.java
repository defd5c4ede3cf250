package dev.arclight.placement.invocation;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the resolved-function cache ({@link ResolvedCache}).
 *
 * @param ttl how long an entry is used without reading the registry again: the longest a change
 *     whose registry record never arrives (a publish lost after commit) can go unseen here; 0 turns
 *     the cache off
 * @param maxEntries the most (function, qualifier) entries held
 */
@Validated
@ConfigurationProperties("arclight.placement.function-cache")
public record FunctionCacheProperties(
        @DefaultValue("10s") @NotNull Duration ttl,
        @DefaultValue("10000") @Min(1) int maxEntries) {

    public FunctionCacheProperties {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("arclight.placement.function-cache.ttl must not be negative");
        }
    }
}
