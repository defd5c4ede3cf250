package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code arclight.placement.invocations} by {@code outcome} ({@code success}, {@code function_error},
 * or the Lambda error type of a call that did not run), and {@code
 * arclight.placement.invocation.latency} (placement's whole handling of a call that ran) by {@code
 * start} ({@code warm}, {@code tenant-vm}, {@code pool} or {@code cold}: {@code InvocationStart}).
 * A throttled call also counts in {@code arclight.placement.throttles} by Lambda's {@code reason}, so
 * a dashboard can tell a function at its reserved concurrency from a tenant at its account limit.
 */
@Component
class InvocationMetrics {

    private final MeterRegistry registry;

    InvocationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void ran(Execution execution, Duration latency) {
        var outcome = execution.outcome() instanceof InvocationOutcome.Succeeded ? "success" : "function_error";
        count(outcome);
        Timer.builder("arclight.placement.invocation.latency")
                .description("Time placement took for a call that reached a container")
                .tag("start", execution.start().header())
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    void failed(LambdaException error) {
        count(error.type());
        if (error instanceof TooManyRequestsException throttled) {
            Counter.builder("arclight.placement.throttles")
                    .description("Calls refused by a concurrency limit")
                    .tag("reason", throttled.reason().name())
                    .register(registry)
                    .increment();
        }
    }

    private void count(String outcome) {
        Counter.builder("arclight.placement.invocations")
                .description("Invocations handled by this placement instance")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
