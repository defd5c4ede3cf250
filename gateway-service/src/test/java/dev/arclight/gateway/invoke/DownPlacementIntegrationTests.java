package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.gateway.auth.TenantAuthenticationIntegrationTests;
import dev.arclight.ring.HashRing;
import dev.arclight.testkit.WithRealInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two placement instances that are down (nothing listens on their ports) and one that answers,
 * with health checks and probes too rare to notice within the test (a dead instance stays in the
 * ring): the invocation path alone must cope. A
 * call routed to a dead instance was never sent, so it tries the next instance of its arc once; if
 * that one is dead too the caller hears 502 at once. Nobody waits for a time-out.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.gateway.tenants[0].name=acme",
            "arclight.gateway.tenants[0].api-keys[0]=acme-api-key",
            "arclight.gateway.membership.health-interval=1h",
            "arclight.gateway.membership.probe-interval=1h",
            "arclight.gateway.invoke.default-timeout=20s",
        })
@AutoConfigureWebTestClient(timeout = "PT60S")
@WithRealInfrastructure
class DownPlacementIntegrationTests {

    private static final StandInPlacementInstance ALIVE = new StandInPlacementInstance("placement-alive");
    private static final String DEAD_1 = "placement-dead-1";
    private static final String DEAD_2 = "placement-dead-2";
    private static final HashRing RING = HashRing.of(List.of(ALIVE.name(), DEAD_1, DEAD_2), 128);

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void placementInstances(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.placement-url", ALIVE::url);
        registry.add("arclight.gateway.placement-instances[0].name", ALIVE::name);
        registry.add("arclight.gateway.placement-instances[0].url", ALIVE::url);
        registry.add("arclight.gateway.placement-instances[1].name", () -> DEAD_1);
        registry.add("arclight.gateway.placement-instances[1].url", () -> "http://localhost:" + freePort());
        registry.add("arclight.gateway.placement-instances[2].name", () -> DEAD_2);
        registry.add("arclight.gateway.placement-instances[2].url", () -> "http://localhost:" + freePort());
    }

    @AfterAll
    static void stop() {
        ALIVE.close();
    }

    @Test
    void triesTheNextInstanceOfTheArcWhenTheFirstRefusesTheConnection() {
        var function = functionWhoseArcRuns(
                arc -> arc.get(0).startsWith("placement-dead") && arc.get(1).equals(ALIVE.name()));

        long started = System.nanoTime();
        http.post()
                .uri("/2015-03-31/functions/{name}/invocations", function)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue("{\"once\":true}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(InvocationHeaders.PLACEMENT_INSTANCE, ALIVE.name())
                .expectBody(String.class)
                .isEqualTo("{\"once\":true}");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(ALIVE.received(function)).hasSize(1);
    }

    @Test
    void answersBadGatewayAtOnceWhenTheNextInstanceIsDownToo() {
        var function = functionWhoseArcRuns(
                arc -> arc.get(0).startsWith("placement-dead") && arc.get(1).startsWith("placement-dead"));

        long started = System.nanoTime();
        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.post()
                        .uri("/2015-03-31/functions/{name}/invocations", function)
                        .header("X-Api-Key", "acme-api-key")
                        .bodyValue("{}")
                        .exchange(),
                HttpStatus.BAD_GATEWAY,
                "ServiceException");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(ALIVE.received(function)).isEmpty();
    }

    /** A fresh function name (tenant acme) whose arc, extended to 2 instances, passes the test. */
    private static String functionWhoseArcRuns(Predicate<List<String>> test) {
        return Stream.generate(() -> "fn-" + UUID.randomUUID())
                .limit(10_000)
                .filter(name -> test.test(RING.arc(HashRing.point("acme:" + name), 2)))
                .findFirst()
                .orElseThrow();
    }

    /** A port nothing listens on: bound, then released. */
    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
