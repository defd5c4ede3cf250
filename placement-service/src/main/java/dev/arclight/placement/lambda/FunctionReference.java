package dev.arclight.placement.lambda;

/**
 * A function as a call names it, after its ARN (if any) has been checked against the caller.
 *
 * @param name the function's name
 * @param qualifier the version or alias the ARN or the Qualifier parameter named, or {@code null}
 */
public record FunctionReference(String name, String qualifier) {

    public static final String LATEST = "$LATEST";

    public boolean qualified() {
        return qualifier != null;
    }
}
