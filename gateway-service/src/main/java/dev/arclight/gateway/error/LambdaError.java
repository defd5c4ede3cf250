package dev.arclight.gateway.error;

import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * An error the gateway answers itself, in Lambda's shape: the status, the {@code x-amzn-ErrorType}
 * header the AWS SDKs map to an exception class, and a message.
 *
 * @param status the HTTP status
 * @param type Lambda's error type, e.g. {@code InvalidSignatureException}
 * @param message what went wrong, for a person
 */
public record LambdaError(HttpStatus status, String type, String message) {

    public LambdaError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** Lambda's {@code Type} field: whose fault it is, the caller's or the service's. */
    public String fault() {
        return status.is5xxServerError() ? "Service" : "User";
    }

    /** This error as an exception, for a filter to end its chain with. */
    public LambdaErrorException toException() {
        return new LambdaErrorException(this);
    }
}
