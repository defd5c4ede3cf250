package dev.arclight.placement.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * 16 callers, alternately on two limiter instances, each taking a slot of one function with
 * reserved concurrency 10 times (holding it 5 ms): what ran at once, and what was refused.
 */
record ConcurrentCallers(int mostInFlight, int mostCounted, int admitted, int throttled) {

    static final int CALLERS = 16;
    static final int CALLS = 10;

    /** @param counted what the shared table counts, read while a slot is held */
    static ConcurrentCallers run(
            ConcurrencyLimiter first,
            ConcurrencyLimiter second,
            String tenant,
            String arn,
            int reserved,
            IntSupplier counted)
            throws InterruptedException {
        var inFlight = new AtomicInteger();
        var mostInFlight = new AtomicInteger();
        var mostCounted = new AtomicInteger();
        var admitted = new AtomicInteger();
        var throttled = new AtomicInteger();
        var start = new CountDownLatch(1);
        try (var threads = Executors.newFixedThreadPool(CALLERS)) {
            for (int t = 0; t < CALLERS; t++) {
                var instance = t % 2 == 0 ? first : second;
                threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < CALLS; i++) {
                        try (var permit = instance.acquire(tenant, arn, reserved)) {
                            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            mostCounted.accumulateAndGet(counted.getAsInt(), Math::max);
                            admitted.incrementAndGet();
                            Thread.sleep(5);
                            inFlight.decrementAndGet();
                        } catch (TooManyRequestsException e) {
                            assertThat(e.reason()).isEqualTo(Reason.ReservedFunctionConcurrentInvocationLimitExceeded);
                            throttled.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        return new ConcurrentCallers(mostInFlight.get(), mostCounted.get(), admitted.get(), throttled.get());
    }
}
