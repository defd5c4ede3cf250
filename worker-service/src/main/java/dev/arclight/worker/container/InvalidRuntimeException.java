package dev.arclight.worker.container;

import java.util.List;

/** The guest has no such runtime; named after Lambda's error for the same case. */
public class InvalidRuntimeException extends RuntimeException {

    public InvalidRuntimeException(String runtime, List<String> supported) {
        super("the runtime parameter of " + runtime + " is not supported; supported runtimes: " + supported);
    }
}
