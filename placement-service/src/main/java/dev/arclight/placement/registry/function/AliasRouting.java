package dev.arclight.placement.registry.function;

/**
 * Where an alias sends calls: to {@code functionVersion}, except a share {@code
 * additionalVersionWeight} (0 to 1) that goes to {@code additionalVersion} when there is one.
 */
public record AliasRouting(String functionVersion, String additionalVersion, double additionalVersionWeight) {

    public boolean references(String version) {
        return version.equals(functionVersion) || version.equals(additionalVersion);
    }
}
