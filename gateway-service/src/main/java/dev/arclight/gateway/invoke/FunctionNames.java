package dev.arclight.gateway.invoke;

/**
 * The function name inside what a caller put in the Invoke path: Lambda accepts {@code name},
 * {@code name:qualifier}, {@code account:function:name[:qualifier]} and the full ARN. Routing keys on
 * the bare name, so every spelling of one function lands on the same arc.
 */
final class FunctionNames {

    private static final String FUNCTION_PART = ":function:";

    private FunctionNames() {}

    static String nameOf(String functionInPath) {
        var rest = functionInPath;
        int function = rest.indexOf(FUNCTION_PART);
        if (function >= 0) {
            rest = rest.substring(function + FUNCTION_PART.length());
        }
        int qualifier = rest.indexOf(':');
        return qualifier >= 0 ? rest.substring(0, qualifier) : rest;
    }
}
