package dev.arclight.gateway.invoke;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.gateway.error.LambdaError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda's rule for {@code X-Amz-Client-Context}: absent, or base64 of a JSON object of at most
 * {@value InvocationHeaders#MAX_CLIENT_CONTEXT_BYTES} bytes (as encoded). Checked before routing, so
 * a malformed one never reaches placement or a function; a valid one is forwarded as it came.
 */
final class ClientContext {

    private ClientContext() {}

    /** The error to answer for {@code header}, or null when it may pass. */
    static @Nullable LambdaError problem(@Nullable String header, JsonMapper json) {
        if (header == null) {
            return null;
        }
        if (header.getBytes(StandardCharsets.UTF_8).length > InvocationHeaders.MAX_CLIENT_CONTEXT_BYTES) {
            return invalid("Client context must be at most " + InvocationHeaders.MAX_CLIENT_CONTEXT_BYTES
                    + " bytes, base64-encoded.");
        }
        try {
            var decoded = Base64.getDecoder().decode(header.strip());
            if (json.readTree(decoded).isObject()) {
                return null;
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // Not base64, or not JSON: the same answer as for JSON that is not an object.
        }
        return invalid("Client context must be a valid Base64-encoded JSON object.");
    }

    private static LambdaError invalid(String message) {
        return new LambdaError(HttpStatus.BAD_REQUEST, "InvalidRequestContentException", message);
    }
}
