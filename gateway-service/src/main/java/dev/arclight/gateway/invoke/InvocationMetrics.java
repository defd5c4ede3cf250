package dev.arclight.gateway.invoke;

import dev.arclight.gateway.ring.ArcKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts forwarded calls as {@code arclight.gateway.invocations}, tagged by placement instance,
 * arc kind and outcome ({@code answered}, {@code not_sent}, {@code timed_out}, {@code broken}), so
 * a dashboard shows how calls spread over the ring and where they fail. A call retried on another
 * instance counts once per instance it was tried on.
 */
final class InvocationMetrics {

    static final String NAME = "arclight.gateway.invocations";

    private final MeterRegistry meters;

    InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void answered(String instance, ArcKind arc) {
        count(instance, arc, "answered");
    }

    void failed(String instance, ArcKind arc, SendFailure failure) {
        count(instance, arc, failure.name().toLowerCase(Locale.ROOT));
    }

    private void count(String instance, ArcKind arc, String outcome) {
        Counter.builder(NAME)
                .description("Invocations forwarded to placement instances")
                .tag("instance", instance)
                .tag("arc", arc.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
