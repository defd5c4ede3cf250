package dev.arclight.placement.registry.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionSettingsValidatorTests {

    private final FunctionSettingsValidator validator =
            new FunctionSettingsValidator(List.of("python3.11", "nodejs18.x", "provided.al2023", "provided"));

    private static FunctionSettings settings(
            String runtime, String handler, int memory, int timeout, String description, Map<String, String> env) {
        return new FunctionSettings(runtime, handler, null, memory, timeout, description, env);
    }

    @Test
    void acceptsTheBoundaries() {
        validator.validate(settings("python3.11", "app.handler", 128, 1, "d".repeat(256), Map.of()));
        validator.validate(settings("nodejs18.x", "index.handler", 10240, 900, null, Map.of("A1", "x")));
    }

    @Test
    void rejectsMemoryOutOfRange() {
        assertInvalid(settings("python3.11", "h", 127, 3, null, null), "memorySize");
        assertInvalid(settings("python3.11", "h", 10241, 3, null, null), "memorySize");
    }

    @Test
    void rejectsTimeoutOutOfRange() {
        assertInvalid(settings("python3.11", "h", 128, 0, null, null), "timeout");
        assertInvalid(settings("python3.11", "h", 128, 901, null, null), "timeout");
    }

    @Test
    void rejectsAnUnknownOrMissingRuntime() {
        assertInvalid(settings("java8", "h", 128, 3, null, null), "runtime");
        assertInvalid(settings(null, "h", 128, 3, null, null), "Runtime");
    }

    @Test
    void requiresAHandlerExceptForProvidedRuntimes() {
        assertInvalid(settings("python3.11", null, 128, 3, null, null), "Handler");
        validator.validate(settings("provided", null, 128, 3, null, null));
        validator.validate(settings("provided.al2023", "", 128, 3, null, null));
    }

    @Test
    void rejectsALongDescription() {
        assertInvalid(settings("python3.11", "h", 128, 3, "d".repeat(257), null), "description");
    }

    @Test
    void rejectsEnvironmentOverFourKilobytesOrWithBadNames() {
        assertInvalid(settings("python3.11", "h", 128, 3, null, Map.of("BIG", "v".repeat(4094))), "4KB");
        assertInvalid(settings("python3.11", "h", 128, 3, null, Map.of("1BAD", "v")), "1BAD");
        validator.validate(settings("python3.11", "h", 128, 3, null, Map.of("BIG", "v".repeat(4093))));
    }

    private void assertInvalid(FunctionSettings settings, String mentioned) {
        assertThatThrownBy(() -> validator.validate(settings))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(mentioned);
    }

    @Test
    void defaultsDescriptionAndEnvironment() {
        var s = settings("provided", null, 128, 3, null, null);
        assertThat(s.description()).isEmpty();
        assertThat(s.environment()).isEmpty();
    }
}
