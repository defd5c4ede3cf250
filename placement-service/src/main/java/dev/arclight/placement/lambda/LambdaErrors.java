package dev.arclight.placement.lambda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that renders a {@link LambdaException} as Lambda does: its status, the {@code
 * x-amzn-ErrorType} header and a {@code {"Type", "message"}} body. The error advice uses it for
 * failures inside a handler, the request size filter for those before one.
 */
@Component
public class LambdaErrors {

    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    /** Seconds a throttled caller should wait, on a 429. */
    public static final String RETRY_AFTER_HEADER = "Retry-After";

    private final JsonMapper json;

    LambdaErrors(JsonMapper json) {
        this.json = json;
    }

    /**
     * The body of an error; {@code Type} says whose fault it is, as Lambda's does. {@code Reason} is
     * there only for a throttle (Lambda's {@code ThrottleReason}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            @JsonProperty("Type") String type,
            @JsonProperty("message") String message,
            @JsonProperty("Reason") String reason) {}

    public ResponseEntity<Body> render(LambdaException error) {
        var response = ResponseEntity.status(error.status()).header(ERROR_TYPE_HEADER, error.type());
        if (error instanceof TooManyRequestsException throttled) {
            response.header(RETRY_AFTER_HEADER, Long.toString(throttled.retryAfterSeconds()));
        }
        return response.contentType(MediaType.APPLICATION_JSON).body(body(error));
    }

    public void write(LambdaException error, HttpServletResponse response) throws IOException {
        response.setStatus(error.status().value());
        response.setHeader(ERROR_TYPE_HEADER, error.type());
        if (error instanceof TooManyRequestsException throttled) {
            response.setHeader(RETRY_AFTER_HEADER, Long.toString(throttled.retryAfterSeconds()));
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body(error)));
    }

    private static Body body(LambdaException error) {
        var reason = error instanceof TooManyRequestsException throttled
                ? throttled.reason().name()
                : null;
        return new Body(error.status().is5xxServerError() ? "Service" : "User", error.getMessage(), reason);
    }
}
