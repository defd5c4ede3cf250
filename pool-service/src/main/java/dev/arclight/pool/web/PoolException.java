package dev.arclight.pool.web;

import dev.arclight.contracts.pool.PoolErrors;
import org.springframework.http.HttpStatus;

/** An answer the pool gives on purpose, with a {@link PoolErrors} type: rendered as a WorkerError. */
public class PoolException extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    public PoolException(HttpStatus status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static PoolException invalid(String message) {
        return new PoolException(HttpStatus.BAD_REQUEST, PoolErrors.INVALID_PARAMETER, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }
}
