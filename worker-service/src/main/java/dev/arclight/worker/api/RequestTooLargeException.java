package dev.arclight.worker.api;

import java.io.IOException;

/**
 * A request body over its limit. An {@link IOException} so that it can surface from inside the
 * body's input stream, wherever the message converter happens to be reading.
 */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
