package dev.arclight.gateway.error;

/** Carries a {@link LambdaError} out of a filter to {@link LambdaErrorHandler}. */
public final class LambdaErrorException extends RuntimeException {

    private final LambdaError error;

    LambdaErrorException(LambdaError error) {
        // No stack trace: these are expected answers to bad requests, not faults to debug.
        super(error.type() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public LambdaError error() {
        return error;
    }
}
