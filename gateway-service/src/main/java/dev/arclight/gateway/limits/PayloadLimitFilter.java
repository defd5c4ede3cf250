package dev.arclight.gateway.limits;

import dev.arclight.gateway.error.LambdaError;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects a body over its limit with 413 {@code RequestTooLargeException}: at once when the
 * Content-Length says so (nothing is read), otherwise as the body streams in, counting its bytes,
 * so a chunked body is never held whole before it is known to fit.
 *
 * <p>Runs first, so whatever reads the body later (authentication hashes it) reads it counted.
 */
@Component
class PayloadLimitFilter implements WebFilter, Ordered {

    static final int ORDER = -20;

    private final PayloadLimits limits;

    PayloadLimitFilter(PayloadLimits limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        long maxBytes = limits.maxBytes(
                request.getMethod(),
                request.getURI().getRawPath(),
                request.getHeaders().getFirst(PayloadLimits.INVOCATION_TYPE_HEADER));
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge(maxBytes).toException());
        }
        var counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limited(super.getBody(), maxBytes);
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static Flux<DataBuffer> limited(Flux<DataBuffer> body, long maxBytes) {
        return Flux.defer(() -> {
            var seen = new AtomicLong();
            return body.handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge(maxBytes).toException());
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    static LambdaError tooLarge(long maxBytes) {
        return new LambdaError(
                HttpStatus.CONTENT_TOO_LARGE,
                "RequestTooLargeException",
                "Request must be smaller than " + maxBytes + " bytes for this operation.");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
