package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.testkit.WithRealInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The order of a fresh machine: the gateway starts before its only placement instance, with the
 * shipped health settings (checks every 5 s, out after 3 failures). The gateway must not say it is
 * ready while it can route nothing, and must route within a probe interval once placement is up,
 * not at the next whole round after it (which let the end-to-end tests call into an empty ring).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.gateway.tenants[0].name=acme",
            "arclight.gateway.tenants[0].api-keys[0]=acme-api-key",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
@WithRealInfrastructure
class LatePlacementIntegrationTests {

    private static final int PORT = freePort();
    private static StandInPlacementInstance late;

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void placementInstances(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.placement-url", () -> "http://localhost:" + PORT);
        registry.add("arclight.gateway.placement-instances[0].name", () -> "placement-late");
        registry.add("arclight.gateway.placement-instances[0].url", () -> "http://localhost:" + PORT);
    }

    @AfterAll
    static void stop() {
        if (late != null) {
            late.close();
        }
    }

    @Test
    void isNotReadyUntilAPlacementPassesAndRoutesWithinAProbeIntervalOfItComingUp() throws InterruptedException {
        assertThat(health("/actuator/health/readiness").getStatus().value()).isEqualTo(503);
        var overall = health("/actuator/health");
        assertThat(overall.getStatus().value()).isEqualTo(503);
        assertThat(component(overall.getResponseBody(), "ring")).containsEntry("status", "OUT_OF_SERVICE");

        // Long enough for the failure threshold to count the instance down, as on a slow start.
        Thread.sleep(3_000);
        late = new StandInPlacementInstance("placement-late", PORT);
        long cameUp = System.nanoTime();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> health("/actuator/health/readiness").getStatus().value() == 200);
        var readyAfter = Duration.ofNanos(System.nanoTime() - cameUp);
        // A whole health-interval (5 s) was the old gap; a probe interval is 0.5 s.
        assertThat(readyAfter).isLessThan(Duration.ofSeconds(3));
        assertThat(component(health("/actuator/health").getResponseBody(), "ring"))
                .containsEntry("status", "UP");

        http.post()
                .uri("/2015-03-31/functions/{name}/invocations", "fn-late")
                .header("X-Api-Key", "acme-api-key")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(InvocationHeaders.PLACEMENT_INSTANCE, "placement-late");
    }

    private org.springframework.test.web.reactive.server.EntityExchangeResult<Map<String, Object>> health(String path) {
        return http.get()
                .uri(path)
                .exchange()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(Map<String, Object> health, String name) {
        var components = (Map<String, Object>) health.get("components");
        return (Map<String, Object>) components.get(name);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
