package dev.arclight.gateway.membership;

import dev.arclight.gateway.ring.ArcRouter;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Keeps the ring's members the healthy placement instances: every {@code health-interval} it asks
 * the {@link PlacementInstanceSource} for the instances and each of them for {@code
 * /actuator/health} (a 2xx within {@code health-timeout} passes), and rebuilds the ring whenever
 * the healthy set changes. A round that outlasts the interval delays the next one instead of
 * overlapping it.
 *
 * <p>Between rounds, every {@code probe-interval}, it asks only the instances not checked yet and
 * those out of the ring. Without that, a gateway that starts before its placements (the usual order on a fresh
 * machine: placement runs Flyway and joins Kafka first) counted them down after a few rounds and
 * took them back only at the round after they came up: up to a whole interval in which it could
 * route nothing. {@code start()} waits for the first round (bounded by the health timeout), so a
 * gateway that starts next to healthy placements is routable, and ready, when it is up.
 */
final class HealthChecker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final PlacementInstanceSource source;
    private final PlacementMembership membership;
    private final ArcRouter router;
    private final MembershipProperties properties;
    private final WebClient http;
    private volatile Disposable rounds;
    private volatile Disposable probes;

    HealthChecker(
            PlacementInstanceSource source,
            PlacementMembership membership,
            ArcRouter router,
            MembershipProperties properties) {
        this.source = source;
        this.membership = membership;
        this.router = router;
        this.properties = properties;
        var client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.healthTimeout().toMillis())
                .responseTimeout(properties.healthTimeout());
        this.http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(client))
                .build();
    }

    @Override
    public void start() {
        // The configured instances are routable before the first check: a gateway that starts
        // next to healthy placements should not refuse calls for a whole interval.
        refreshInstances();
        try {
            round().block(properties.healthTimeout().plusSeconds(1));
        } catch (RuntimeException e) {
            log.debug("first health check round did not finish in time: {}", e.toString());
        }
        rounds = Flux.interval(properties.healthInterval(), properties.healthInterval())
                .onBackpressureDrop()
                .concatMap(tick -> round(), 1)
                .subscribe();
        probes = Flux.interval(properties.probeInterval(), properties.probeInterval())
                .onBackpressureDrop()
                .concatMap(tick -> probe(), 1)
                .subscribe();
    }

    /** Asks only the instances not checked yet or out of the ring. */
    Mono<Void> probe() {
        return Flux.defer(() -> Flux.fromIterable(membership.toProbe()))
                .flatMap(this::check)
                .then()
                .onErrorResume(e -> {
                    log.warn("health probe failed", e);
                    return Mono.empty();
                });
    }

    /** One round: refresh the instance list, then check every instance. */
    Mono<Void> round() {
        return Mono.fromRunnable(this::refreshInstances)
                .thenMany(Flux.fromIterable(membership.members()))
                .flatMap(member -> check(member.instance()))
                .then()
                .onErrorResume(e -> {
                    log.warn("health check round failed", e);
                    return Mono.empty();
                });
    }

    private void refreshInstances() {
        try {
            if (membership.sync(source.instances())) {
                applyToRing();
            }
        } catch (RuntimeException e) {
            // Discovery unavailable: keep the instances known so far.
            log.warn("could not list placement instances: {}", e.toString());
        }
    }

    private Mono<Void> check(PlacementInstance instance) {
        return http.get()
                .uri(instance.baseUrl() + "/actuator/health")
                .retrieve()
                .toBodilessEntity()
                .timeout(properties.healthTimeout())
                .map(answer -> membership.passed(instance.name()))
                .onErrorResume(e -> Mono.just(membership.failed(instance.name(), e.toString())))
                .doOnNext(changed -> {
                    if (changed) {
                        applyToRing();
                    }
                })
                .then();
    }

    private synchronized void applyToRing() {
        var healthy = membership.healthyNames();
        router.updateMembership(healthy);
        log.info("placement instances in the ring: {}", healthy);
    }

    @Override
    public void stop() {
        for (var current : new Disposable[] {rounds, probes}) {
            if (current != null) {
                current.dispose();
            }
        }
        rounds = null;
        probes = null;
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }
}
