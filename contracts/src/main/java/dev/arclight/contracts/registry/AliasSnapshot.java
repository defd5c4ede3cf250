package dev.arclight.contracts.registry;

import java.util.Objects;

/**
 * An alias as the services outside the registry see it.
 *
 * @param name the alias name, e.g. {@code live}
 * @param functionVersion the version the alias points at
 * @param additionalVersion a second version that takes a share of the calls, or {@code null}
 * @param additionalVersionWeight that share, from 0.0 to 1.0 (0.0 when there is no second version)
 */
public record AliasSnapshot(
        String name, String functionVersion, String additionalVersion, double additionalVersionWeight) {

    public AliasSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(functionVersion, "functionVersion");
        if (additionalVersionWeight < 0.0 || additionalVersionWeight > 1.0) {
            throw new IllegalArgumentException("additionalVersionWeight must be within [0, 1]");
        }
    }
}
