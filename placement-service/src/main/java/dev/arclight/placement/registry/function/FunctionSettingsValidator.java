package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lambda's rules for a function's configuration. Each broken rule is an InvalidParameterValueException
 * whose message names the field and the rule, in Lambda's wording where Lambda has one.
 */
public final class FunctionSettingsValidator {

    public static final int MIN_MEMORY_MIB = 128;
    public static final int MAX_MEMORY_MIB = 10240;
    public static final int MIN_TIMEOUT_SECONDS = 1;
    public static final int MAX_TIMEOUT_SECONDS = 900;
    public static final int MAX_DESCRIPTION_LENGTH = 256;
    public static final int MAX_HANDLER_LENGTH = 128;
    public static final int MAX_ENVIRONMENT_BYTES = 4096;

    private static final Pattern HANDLER = Pattern.compile("[^\\s]+");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");

    private final List<String> runtimes;

    public FunctionSettingsValidator(List<String> runtimes) {
        this.runtimes = List.copyOf(runtimes);
    }

    public FunctionSettings validate(FunctionSettings settings) {
        var runtime = settings.runtime();
        if (runtime == null || runtime.isEmpty()) {
            throw new InvalidParameterValueException("Runtime is required for .zip file packages.");
        }
        if (!runtimes.contains(runtime)) {
            throw invalid(runtime, "runtime", "Member must satisfy enum value set: " + runtimes);
        }
        validateHandler(runtime, settings.handler());
        if (settings.memoryMib() < MIN_MEMORY_MIB || settings.memoryMib() > MAX_MEMORY_MIB) {
            throw invalid(
                    settings.memoryMib(),
                    "memorySize",
                    "Member must have value between " + MIN_MEMORY_MIB + " and " + MAX_MEMORY_MIB + " (MB)");
        }
        if (settings.timeoutSeconds() < MIN_TIMEOUT_SECONDS || settings.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
            throw invalid(
                    settings.timeoutSeconds(),
                    "timeout",
                    "Member must have value between " + MIN_TIMEOUT_SECONDS + " and " + MAX_TIMEOUT_SECONDS
                            + " (seconds)");
        }
        if (settings.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid(
                    "...", "description", "Member must have length less than or equal to " + MAX_DESCRIPTION_LENGTH);
        }
        validateEnvironment(settings.environment());
        return settings;
    }

    private static void validateHandler(String runtime, String handler) {
        if (handler == null || handler.isEmpty()) {
            if (!runtime.startsWith("provided")) {
                throw new InvalidParameterValueException("Handler is required for runtime " + runtime);
            }
            return;
        }
        if (handler.length() > MAX_HANDLER_LENGTH || !HANDLER.matcher(handler).matches()) {
            throw invalid(
                    handler,
                    "handler",
                    "Member must satisfy regular expression pattern: [^\\s]+ and have length at most "
                            + MAX_HANDLER_LENGTH);
        }
    }

    private static void validateEnvironment(Map<String, String> environment) {
        long bytes = 0;
        for (var variable : environment.entrySet()) {
            if (!VARIABLE_NAME.matcher(variable.getKey()).matches()) {
                throw new InvalidParameterValueException("Environment variable name " + variable.getKey()
                        + " is invalid: it must start with a letter and contain only letters, digits and '_'");
            }
            if (variable.getValue() == null) {
                throw new InvalidParameterValueException("Environment variable " + variable.getKey() + " has no value");
            }
            bytes += variable.getKey().getBytes(StandardCharsets.UTF_8).length
                    + variable.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            throw new InvalidParameterValueException("Lambda was unable to configure your environment variables"
                    + " because the environment variables you have provided exceeded the 4KB limit. String measured: "
                    + bytes);
        }
    }

    private static InvalidParameterValueException invalid(Object value, String field, String constraint) {
        return new InvalidParameterValueException("1 validation error detected: Value '" + value + "' at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }
}
