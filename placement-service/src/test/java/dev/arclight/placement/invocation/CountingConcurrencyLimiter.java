package dev.arclight.placement.invocation;

import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An unlimited limiter that counts the slots taken and given back, standing in for the
 * PostgreSQL-backed one (package {@code concurrency}) in the invocation tests.
 */
public class CountingConcurrencyLimiter implements ConcurrencyLimiter {

    public final AtomicInteger acquired = new AtomicInteger();
    public final AtomicInteger released = new AtomicInteger();

    @Override
    public Permit acquire(String tenant, String functionArn, Integer reservedConcurrency) {
        acquired.incrementAndGet();
        var open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                released.incrementAndGet();
            }
        };
    }
}
