package dev.arclight.placement.shutdown;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A last database write of a stopping instance, waited for at most a limit. A JDBC call to a
 * PostgreSQL that no longer answers waits for the connection pool's timeout (Hikari's 30 s by
 * default, and its wait ignores interrupts), which would hold the whole instance's shutdown for
 * that long; so the write runs on a virtual thread of its own and the caller waits for it only up
 * to the limit. The thread is left to end (or fail) by itself when the limit passes. What a write
 * that did not make it loses must be no more than what a crash would lose: each caller says what
 * that is, and logs the outcome in its own words.
 */
public final class ShutdownWrite {

    /** How the write ended, as far as the caller waited for it. */
    public sealed interface Outcome {

        record Written() implements Outcome {}

        record Failed(RuntimeException cause) implements Outcome {}

        record GaveUp(Duration after) implements Outcome {}
    }

    private ShutdownWrite() {}

    /** Runs {@code write} on a thread named {@code name} and waits for it at most {@code limit}. */
    public static Outcome within(String name, Duration limit, Runnable write) {
        var failure = new AtomicReference<RuntimeException>();
        var writer = Thread.ofVirtual().name(name).start(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        try {
            if (!writer.join(limit)) {
                return new Outcome.GaveUp(limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.GaveUp(limit);
        }
        var failed = failure.get();
        return failed == null ? new Outcome.Written() : new Outcome.Failed(failed);
    }
}
