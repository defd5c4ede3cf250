package dev.arclight.placement.worker;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.function.BiConsumer;

/**
 * Puts the current trace context (W3C {@code traceparent}, and whatever else the propagator
 * writes) on a request placement sends itself, outside Spring's instrumented clients. {@link
 * #NONE} when tracing is off: nothing is written and nothing is looked up.
 */
public interface TraceHeaders {

    TraceHeaders NONE = headers -> {};

    /** Writes the headers of the span current on this thread, if there is one. */
    void inject(BiConsumer<String, String> headers);

    /** The context of {@code tracer}'s current span, written by {@code propagator}. */
    static TraceHeaders of(Tracer tracer, Propagator propagator) {
        return headers -> {
            var span = tracer.currentSpan();
            if (span != null) {
                propagator.inject(span.context(), headers, BiConsumer::accept);
            }
        };
    }
}
