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
 * Rejects a body over its limit with 413 {@code RequestTooLargeException}: when the Content-Length
 * says so, before anything else looks at the request, otherwise as the body streams in, counting its
 * bytes, so a chunked body is never held whole before it is known to fit.
 *
 * <p>Either way the rest of the body, up to {@code discard} bytes past the limit, is read and
 * thrown away before the 413 is sent. Reactor Netty closes a connection whose request was not read
 * to its end, and a client still sending then sees a reset instead of the answer (the AWS SDKs
 * report a network error and retry). Past that bound the connection is closed after the answer.
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
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            var refused = Mono.<Void>error(tooLarge(maxBytes).toException());
            return declared - maxBytes > limits.discardBytes()
                    ? refused
                    : request.getBody().doOnNext(DataBufferUtils::release).then(refused);
        }
        long discardBytes = limits.discardBytes();
        var counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limited(super.getBody(), maxBytes, discardBytes);
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    /** The body as it streams, cut at {@code maxBytes}; what follows is discarded, then refused. */
    private static Flux<DataBuffer> limited(Flux<DataBuffer> body, long maxBytes, long discardBytes) {
        return Flux.defer(() -> {
            var seen = new AtomicLong();
            return body.<DataBuffer>handle((buffer, sink) -> {
                        long total = seen.addAndGet(buffer.readableByteCount());
                        if (total <= maxBytes) {
                            sink.next(buffer);
                            return;
                        }
                        DataBufferUtils.release(buffer);
                        if (total - maxBytes > discardBytes) {
                            sink.error(tooLarge(maxBytes).toException());
                        }
                    })
                    .concatWith(Mono.defer(() -> seen.get() > maxBytes
                            ? Mono.error(tooLarge(maxBytes).toException())
                            : Mono.empty()));
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
