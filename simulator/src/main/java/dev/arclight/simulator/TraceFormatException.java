package dev.arclight.simulator;

/** A trace that cannot be read: the message names the file (and line) and says what is wrong. */
public final class TraceFormatException extends Exception {
    public TraceFormatException(String message) {
        super(message);
    }
}
