package dev.arclight.gateway.auth;

import dev.arclight.gateway.error.LambdaError;
import org.springframework.http.HttpStatus;

/** What checking a request's credentials came to. */
sealed interface Authentication {

    /** The caller proved it acts for {@code tenant}. */
    record Authenticated(String tenant) implements Authentication {}

    /** The caller did not; {@code error} is what to answer. */
    record Rejected(LambdaError error) implements Authentication {}

    static Rejected missingToken() {
        // What AWS endpoints answer to a request with no credentials at all. Lambda's API model does
        // not list it, but the SDKs surface the type as the error code either way, and it tells
        // the caller exactly what is wrong, which UnrecognizedClientException would not.
        return rejected(HttpStatus.FORBIDDEN, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    static Rejected unrecognizedClient() {
        return rejected(
                HttpStatus.FORBIDDEN,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    static Rejected invalidSignature(String message) {
        return rejected(HttpStatus.FORBIDDEN, "InvalidSignatureException", message);
    }

    static Rejected incompleteSignature(String message) {
        return rejected(HttpStatus.BAD_REQUEST, "IncompleteSignatureException", message);
    }

    private static Rejected rejected(HttpStatus status, String type, String message) {
        return new Rejected(new LambdaError(status, type, message));
    }
}
