package dev.arclight.placement.invocation;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.placement.lambda.LambdaException.InvalidRequestContentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda's rule for {@code X-Amz-Client-Context}: absent, or base64 of a JSON object within
 * {@value InvocationHeaders#MAX_CLIENT_CONTEXT_BYTES} bytes. The gateway checks it too; placement
 * checks again because it is what hands the value to a function's runtime.
 */
final class ClientContexts {

    private ClientContexts() {}

    static void check(String header, JsonMapper json) {
        if (header == null) {
            return;
        }
        if (header.getBytes(StandardCharsets.UTF_8).length > InvocationHeaders.MAX_CLIENT_CONTEXT_BYTES) {
            throw new InvalidRequestContentException("Client context must be at most "
                    + InvocationHeaders.MAX_CLIENT_CONTEXT_BYTES + " bytes, base64-encoded.");
        }
        try {
            if (json.readTree(Base64.getDecoder().decode(header.strip())).isObject()) {
                return;
            }
        } catch (IllegalArgumentException | JacksonException e) {
            // Not base64, or not JSON: the same answer as JSON that is not an object.
        }
        throw new InvalidRequestContentException("Client context must be a valid Base64-encoded JSON object.");
    }
}
