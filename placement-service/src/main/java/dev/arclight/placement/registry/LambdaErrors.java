package dev.arclight.placement.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
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

    private final JsonMapper json;

    LambdaErrors(JsonMapper json) {
        this.json = json;
    }

    /** The body of an error; {@code Type} says whose fault it is, as Lambda's does. */
    public record Body(
            @JsonProperty("Type") String type,
            @JsonProperty("message") String message) {}

    public ResponseEntity<Body> render(LambdaException error) {
        return ResponseEntity.status(error.status())
                .header(ERROR_TYPE_HEADER, error.type())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body(error));
    }

    public void write(LambdaException error, HttpServletResponse response) throws IOException {
        response.setStatus(error.status().value());
        response.setHeader(ERROR_TYPE_HEADER, error.type());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body(error)));
    }

    private static Body body(LambdaException error) {
        return new Body(error.status().is5xxServerError() ? "Service" : "User", error.getMessage());
    }
}
