package dev.arclight.placement.tracing;

import dev.arclight.contracts.invocation.InvocationSpans;
import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Puts an invocation's request id on the server observation of its HTTP request. It is a
 * high-cardinality value: it becomes an attribute of the request's span while tracing is on and
 * never a metric tag; with tracing off it is one entry in a map nobody reads.
 */
public final class RequestIdSpans {

    private RequestIdSpans() {}

    public static void tag(HttpServletRequest request, String requestId) {
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context ->
                        context.addHighCardinalityKeyValue(KeyValue.of(InvocationSpans.REQUEST_ID, requestId)));
    }
}
