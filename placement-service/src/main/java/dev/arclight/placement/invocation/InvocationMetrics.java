package dev.arclight.placement.invocation;

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

    void failed(String errorType) {
        count(errorType);
    }

    private void count(String outcome) {
        Counter.builder("arclight.placement.invocations")
                .description("Invocations handled by this placement instance")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
