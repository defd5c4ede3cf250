package dev.arclight.placement.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * What placement's own HTTP clients (to the pool and to workers) do about traces.
 *
 * <p>Off ({@code management.tracing.export.enabled} false, the default): nothing. A client is used
 * as it was built, so a call pays for no header and no extra work. On: every request sent carries
 * the span current on the sending thread as W3C {@code traceparent}, so the pool's and the worker's
 * spans join the invocation's trace; no client span of its own is made (the receiving service's
 * server span is the child of placement's). The clients are plain JDK {@link HttpClient}s under
 * Spring's {@code RestClient}, built without Spring's builder, so the header is added at the one
 * place every request passes: the JDK client's {@code send}.
 */
public final class ClientTracing {

    private static final ClientTracing OFF = new ClientTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    private ClientTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static ClientTracing off() {
        return OFF;
    }

    public static ClientTracing on(Tracer tracer, Propagator propagator) {
        return new ClientTracing(tracer, propagator);
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** {@code http} itself when off; on, a client that sends the current trace context with each request. */
    public HttpClient propagating(HttpClient http) {
        return enabled() ? new TraceContextHttpClient(http, this::withTraceContext) : http;
    }

    /**
     * {@code work} to run on another thread within the span current here (a thread's current span
     * does not follow work handed to another thread); {@code work} itself when off.
     */
    public <T> Supplier<T> inCurrentSpan(Supplier<T> work) {
        if (!enabled()) {
            return work;
        }
        var span = tracer.currentSpan();
        if (span == null) {
            return work;
        }
        return () -> {
            try (var ignored = tracer.withSpan(span)) {
                return work.get();
            }
        };
    }

    private HttpRequest withTraceContext(HttpRequest request) {
        var span = tracer.currentSpan();
        if (span == null) {
            return request;
        }
        var copy = HttpRequest.newBuilder(request, (name, value) -> true);
        propagator.inject(span.context(), copy, HttpRequest.Builder::setHeader);
        return copy.build();
    }
}
