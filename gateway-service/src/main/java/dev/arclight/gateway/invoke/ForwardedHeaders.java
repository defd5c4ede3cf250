package dev.arclight.gateway.invoke;

import dev.arclight.contracts.invocation.InvocationHeaders;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;

/**
 * Which headers cross the gateway on the invocation path. Everything does (Lambda's {@code X-Amz-*}
 * headers, content type, whatever placement adds) except the hop-by-hop headers of each connection,
 * the length (recomputed for the bytes actually sent), Arclight's routing headers, which only
 * the gateway sets, and a caller's W3C trace context: with tracing on the gateway sends its own
 * (its span is a child of the caller's), and a second {@code traceparent} would make placement
 * skip the gateway's span.
 */
final class ForwardedHeaders {

    private static final Set<String> NOT_FORWARDED = caseInsensitive(
            HttpHeaders.CONNECTION,
            "Keep-Alive",
            HttpHeaders.PROXY_AUTHENTICATE,
            HttpHeaders.PROXY_AUTHORIZATION,
            HttpHeaders.TE,
            HttpHeaders.TRAILER,
            HttpHeaders.TRANSFER_ENCODING,
            HttpHeaders.UPGRADE,
            HttpHeaders.HOST,
            HttpHeaders.CONTENT_LENGTH,
            HttpHeaders.EXPECT,
            InvocationHeaders.ARC,
            InvocationHeaders.PLACEMENT_INSTANCE,
            "traceparent",
            "tracestate");

    private ForwardedHeaders() {}

    /** The headers of {@code from} that may be passed on. */
    static HttpHeaders copy(HttpHeaders from) {
        var to = new HttpHeaders();
        from.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) {
                to.addAll(name, values);
            }
        });
        return to;
    }

    private static Set<String> caseInsensitive(String... names) {
        var set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
