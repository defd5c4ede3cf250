package dev.arclight.worker.api;

/** A request the API refuses as given; {@code type} names the problem as Lambda would. */
class BadRequestException extends RuntimeException {

    static final String INVALID_PARAMETER = "InvalidParameterValueException";
    static final String INVALID_CONTENT = "InvalidRequestContentException";

    private final String type;

    BadRequestException(String type, String message) {
        super(message);
        this.type = type;
    }

    String type() {
        return type;
    }
}
