package dev.arclight.gateway.invoke;

/** The call never left the gateway for the instance it was routed to. */
final class NotSentException extends RuntimeException {

    NotSentException(String message) {
        super(message, null, false, false);
    }
}
