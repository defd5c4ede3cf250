package dev.arclight.placement.invocation;

import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An unlimited limiter that counts the slots taken and given back, standing in for the
 * PostgreSQL-backed one (package {@code concurrency}) in the invocation tests. While {@link #refusing}
 * holds a reason, every call is throttled with it, as a full limit would.
 */
public class CountingConcurrencyLimiter implements ConcurrencyLimiter {

    public final AtomicInteger acquired = new AtomicInteger();
    public final AtomicInteger released = new AtomicInteger();
    public final AtomicReference<TooManyRequestsException.Reason> refusing = new AtomicReference<>();

    @Override
    public Permit acquire(String tenant, String functionArn, Integer reservedConcurrency) {
        var reason = refusing.get();
        if (reason != null) {
            throw new TooManyRequestsException("Rate Exceeded.", reason, Duration.ofSeconds(1));
        }
        acquired.incrementAndGet();
        var open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                released.incrementAndGet();
            }
        };
    }
}
