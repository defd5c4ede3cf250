package dev.arclight.placement.concurrency;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps concurrent executions across every placement instance: a function by its reserved
 * concurrency, a tenant by its account limit (calls of functions without a reservation share
 * what the reservations leave of it, as on Lambda).
 */
public interface ConcurrencyLimiter {

    /**
     * Takes one execution slot, to be given back by closing the permit when the call ends.
     *
     * @param reservedConcurrency the function's reserved concurrency, or {@code null} when it has none
     * @throws dev.arclight.placement.lambda.LambdaException 429 {@code TooManyRequestsException}
     *     with Lambda's {@code Reason} when a limit is reached
     */
    Permit acquire(String tenant, String functionArn, Integer reservedConcurrency);

    /** A held slot. Closing it twice gives it back once. */
    interface Permit extends AutoCloseable {
        @Override
        void close();

        /** A permit that runs {@code release} on its first close only. */
        static Permit releasingOnce(Runnable release) {
            var released = new AtomicBoolean();
            return () -> {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            };
        }
    }
}
