package dev.arclight.worker.api;

/** The resource the request would create exists already. */
class ConflictException extends RuntimeException {

    private final String type;

    ConflictException(String type, String message) {
        super(message);
        this.type = type;
    }

    String type() {
        return type;
    }
}
