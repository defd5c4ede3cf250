package dev.arclight.gateway.auth;

import dev.arclight.contracts.tenant.TenantHeader;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request but those to the gateway's actuator, and fixes the tenant it acts
 * for, before any route is chosen. A SigV4 signature (the AWS CLI and SDKs) is checked against the access key's secret, which
 * needs the body's hash, so such a body is read whole first; the payload limit filter, running
 * earlier, bounds what that can be. An {@code X-Api-Key} is looked up as it is.
 *
 * <p>The tenant header a client sent is dropped and replaced, and the credentials are not passed
 * on: the services behind the gateway trust the header and need nothing else.
 */
class TenantAuthenticationFilter implements WebFilter, Ordered {

    static final String API_KEY_HEADER = "X-Api-Key";

    /** After {@code PayloadLimitFilter} (-20), so the body this reads is already bounded. */
    static final int ORDER = -10;

    private static final byte[] NO_BODY = new byte[0];

    /** Health and metrics for probes and scrapers; they name no tenant's functions. */
    private static final List<String> UNAUTHENTICATED_PATHS = List.of("/actuator");

    private final TenantCredentials credentials;
    private final SigV4Verifier verifier;

    TenantAuthenticationFilter(TenantCredentials credentials, SigV4Verifier verifier) {
        this.credentials = credentials;
        this.verifier = verifier;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (isGatewayOwn(request.getURI().getRawPath())) {
            return chain.filter(exchange.mutate()
                    .request(request.mutate()
                            .headers(headers -> headers.remove(TenantHeader.NAME))
                            .build())
                    .build());
        }
        var headers = request.getHeaders();
        var authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && SigV4Authorization.isSigV4(authorization)) {
            var early = verifier.rejectBeforeBody(headers);
            if (early.isPresent()) {
                return proceed(exchange, chain, early.get(), null);
            }
            return readBody(request).flatMap(body -> {
                var payloadHash = HexFormat.of().formatHex(SigV4Verifier.sha256(body));
                var outcome = verifier.verify(
                        request.getMethod().name(),
                        request.getURI().getRawPath(),
                        request.getURI().getRawQuery(),
                        headers,
                        payloadHash);
                return proceed(exchange, chain, outcome, body);
            });
        }
        var apiKey = headers.getFirst(API_KEY_HEADER);
        if (apiKey != null) {
            Authentication outcome = credentials
                    .tenantForApiKey(apiKey)
                    .<Authentication>map(Authentication.Authenticated::new)
                    .orElseGet(Authentication::unrecognizedClient);
            return proceed(exchange, chain, outcome, null);
        }
        return proceed(
                exchange,
                chain,
                authorization == null
                        ? Authentication.missingToken()
                        : Authentication.incompleteSignature("Only " + SigV4Authorization.ALGORITHM
                                + " signatures and the " + API_KEY_HEADER + " header are accepted."),
                null);
    }

    /**
     * Whether the gateway answers {@code rawPath} itself, without credentials. Decided on the raw
     * path and by naming what is exempt, never what is protected, so that an encoded spelling of a
     * Lambda path (which routing decodes: {@code /%32015-03-31/...}) is authenticated too, and an
     * encoded spelling of an exempt path is merely refused.
     */
    static boolean isGatewayOwn(String rawPath) {
        for (var prefix : UNAUTHENTICATED_PATHS) {
            if (rawPath.equals(prefix) || rawPath.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** @param body the body already read, to pass on in its place; null when it was not read */
    private static Mono<Void> proceed(
            ServerWebExchange exchange, WebFilterChain chain, Authentication outcome, byte[] body) {
        return switch (outcome) {
            case Authentication.Rejected rejected -> Mono.error(rejected.error().toException());
            case Authentication.Authenticated authenticated -> {
                ServerHttpRequest forwarded = exchange.getRequest()
                        .mutate()
                        .headers(headers -> {
                            headers.remove(HttpHeaders.AUTHORIZATION);
                            headers.remove(API_KEY_HEADER);
                            headers.set(TenantHeader.NAME, authenticated.tenant());
                        })
                        .build();
                if (body != null) {
                    forwarded = withBody(forwarded, body, exchange);
                }
                yield chain.filter(exchange.mutate().request(forwarded).build());
            }
        };
    }

    private static Mono<byte[]> readBody(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody())
                .map(buffer -> {
                    try {
                        var bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(NO_BODY);
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body, ServerWebExchange exchange) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(
                        () -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
