package dev.arclight.gateway.invoke;

import dev.arclight.gateway.membership.PlacementInstance;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one invocation to one placement instance and reads the answer whole, inside that
 * instance's bulkhead and circuit breaker and the call's time limit.
 *
 * <p>The order matters: the bulkhead (outermost) and the breaker refuse before anything is sent,
 * which the caller can tell ({@link SendFailure#NOT_SENT}) and retry elsewhere; the time limit
 * (innermost) cancels the exchange, closing its connection, and counts as a failure for the breaker,
 * so an instance that hangs is soon avoided. A 4xx or 5xx from placement is an answer, not a
 * failure: placement answers throttling and function errors in Lambda's shape itself.
 *
 * <p>{@code observations} is Spring's registry while tracing is on: each exchange is then a client
 * span, child of the invocation's server span, and sends it to placement as W3C {@code
 * traceparent}. Off, it is {@link ObservationRegistry#NOOP} and an exchange costs nothing more.
 */
final class PlacementClient {

    private final WebClient http;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final Map<Duration, TimeLimiter> timeLimiters = new ConcurrentHashMap<>();

    PlacementClient(InvokeProperties properties, MeterRegistry meters, ObservationRegistry observations) {
        var connections = ConnectionProvider.builder("placement-invocations")
                .maxConnections(properties.bulkhead().maxConcurrentCalls())
                .pendingAcquireMaxCount(-1)
                .build();
        var client = HttpClient.create(connections).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                properties.connectTimeout().toMillis());
        this.http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(client))
                .observationRegistry(observations)
                .codecs(codecs -> codecs.defaultCodecs()
                        .maxInMemorySize((int) properties.maxResponse().toBytes()))
                .build();
        var breaker = properties.breaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead().maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    /** @param headers the headers to send, routing headers included */
    Mono<PlacementAnswer> send(
            PlacementInstance instance, Invocation invocation, HttpHeaders headers, Duration timeout) {
        Mono<PlacementAnswer> exchange = Mono.defer(() -> http.method(HttpMethod.POST)
                .uri(URI.create(instance.baseUrl() + invocation.pathAndQuery()))
                .headers(h -> h.addAll(headers))
                .bodyValue(invocation.body())
                .exchangeToMono(answer -> answer.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> new PlacementAnswer(
                                answer.statusCode(), answer.headers().asHttpHeaders(), body))));
        return exchange.transformDeferred(TimeLimiterOperator.of(timeLimiter(timeout)))
                .transformDeferred(CircuitBreakerOperator.of(breaker(instance.name())))
                .transformDeferred(BulkheadOperator.of(bulkhead(instance.name())));
    }

    CircuitBreaker breaker(String instance) {
        return breakers.circuitBreaker(instance);
    }

    private Bulkhead bulkhead(String instance) {
        return bulkheads.bulkhead(instance);
    }

    private TimeLimiter timeLimiter(Duration timeout) {
        return timeLimiters.computeIfAbsent(
                timeout,
                t -> TimeLimiter.of(
                        TimeLimiterConfig.custom().timeoutDuration(t).build()));
    }
}
