package dev.arclight.gateway.invoke;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.gateway.error.LambdaError;
import dev.arclight.gateway.error.LambdaErrorException;
import dev.arclight.gateway.membership.PlacementMembership;
import dev.arclight.gateway.registry.FunctionRegistryView;
import dev.arclight.gateway.ring.ArcKind;
import dev.arclight.gateway.ring.ArcRouter;
import dev.arclight.gateway.ring.RoutingDecision;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;

/**
 * Takes one invocation along its arc: routes it with the {@link ArcRouter}, forwards it to the
 * chosen placement instance and returns that instance's answer unchanged, plus where it went.
 *
 * <p>A call that was never sent (connection refused, breaker open, bulkhead full) goes once to the
 * next instance of its arc; a call that was sent is never repeated, since the function may have run.
 * The router's lease is held until the answer is complete or the call failed, so the in-flight
 * counts that size arcs stay true. What the gateway answers itself:
 *
 * <ul>
 *   <li>503 {@code ServiceException}: no placement instance in the ring at all;
 *   <li>502 {@code ServiceException}: neither instance tried could be reached, or the connection
 *       broke before an answer;
 *   <li>504 {@code ServiceException}: no answer within the function's timeout plus a margin.
 * </ul>
 */
final class InvocationDispatcher {

    private final ArcRouter router;
    private final PlacementMembership membership;
    private final FunctionRegistryView registry;
    private final PlacementClient client;
    private final InvocationMetrics metrics;
    private final InvokeProperties properties;

    InvocationDispatcher(
            ArcRouter router,
            PlacementMembership membership,
            FunctionRegistryView registry,
            PlacementClient client,
            InvocationMetrics metrics,
            InvokeProperties properties) {
        this.router = router;
        this.membership = membership;
        this.registry = registry;
        this.client = client;
        this.metrics = metrics;
        this.properties = properties;
    }

    Mono<ResponseEntity<byte[]>> dispatch(Invocation invocation) {
        // Routing takes a lease, so it happens on subscription, never for a Mono nobody runs.
        return Mono.defer(() -> route(invocation));
    }

    private Mono<ResponseEntity<byte[]>> route(Invocation invocation) {
        var target = InvocationTarget.of(
                invocation.tenant(),
                invocation.functionName(),
                registry.find(invocation.tenant(), invocation.functionName()),
                properties);
        return switch (router.route(target.functionKey(), target.provisioned())) {
            case RoutingDecision.NoInstance none -> Mono.error(noInstance().toException());
            case RoutingDecision.Routed routed -> {
                var lease = new AtomicReference<>(routed.lease());
                yield attempt(routed, invocation, target)
                        .onErrorResume(
                                failure -> SendFailure.of(failure) == SendFailure.NOT_SENT,
                                failure -> elsewhere(routed, invocation, target, lease))
                        .onErrorMap(
                                failure -> !(failure instanceof LambdaErrorException),
                                failure -> toLambdaError(failure, target).toException())
                        .doFinally(signal -> lease.get().release());
            }
        };
    }

    /** The one retry, on the next instance of the arc, of a call that never left the gateway. */
    private Mono<ResponseEntity<byte[]>> elsewhere(
            RoutingDecision.Routed failed,
            Invocation invocation,
            InvocationTarget target,
            AtomicReference<RoutingDecision.Lease> lease) {
        return switch (router.rerouteAfter(failed)) {
            case RoutingDecision.NoInstance none -> Mono.error(unreachable().toException());
            case RoutingDecision.Routed next -> {
                lease.set(next.lease());
                yield attempt(next, invocation, target);
            }
        };
    }

    private Mono<ResponseEntity<byte[]>> attempt(
            RoutingDecision.Routed routed, Invocation invocation, InvocationTarget target) {
        var instance = membership.instance(routed.instance());
        if (instance.isEmpty()) {
            // Left between routing and now: nothing was sent, so the retry rule applies.
            metrics.failed(routed.instance(), routed.kind(), SendFailure.NOT_SENT);
            return Mono.error(new NotSentException(routed.instance() + " is no longer a placement instance"));
        }
        var headers = ForwardedHeaders.copy(invocation.headers());
        headers.set(InvocationHeaders.ARC, arcName(routed.kind()));
        return client.send(instance.get(), invocation, headers, target.timeout())
                .doOnNext(answer -> metrics.answered(routed.instance(), routed.kind()))
                .doOnError(failure -> metrics.failed(routed.instance(), routed.kind(), SendFailure.of(failure)))
                .map(answer -> {
                    var answerHeaders = ForwardedHeaders.copy(answer.headers());
                    answerHeaders.set(InvocationHeaders.PLACEMENT_INSTANCE, routed.instance());
                    answerHeaders.set(InvocationHeaders.ARC, arcName(routed.kind()));
                    return ResponseEntity.status(answer.status())
                            .headers(answerHeaders)
                            .body(answer.body());
                });
    }

    static String arcName(ArcKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static LambdaError toLambdaError(Throwable failure, InvocationTarget target) {
        return switch (SendFailure.of(failure)) {
            case NOT_SENT -> unreachable();
            case TIMED_OUT ->
                new LambdaError(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "ServiceException",
                        "The placement instance did not answer within "
                                + target.timeout().toMillis() + " ms.");
            case BROKEN ->
                new LambdaError(
                        HttpStatus.BAD_GATEWAY,
                        "ServiceException",
                        "The placement instance failed before answering; the function may have run.");
        };
    }

    private static LambdaError noInstance() {
        return new LambdaError(
                HttpStatus.SERVICE_UNAVAILABLE, "ServiceException", "No placement instance is available; try again.");
    }

    private static LambdaError unreachable() {
        return new LambdaError(
                HttpStatus.BAD_GATEWAY,
                "ServiceException",
                "No placement instance on the function's arc could be reached; try again.");
    }
}
