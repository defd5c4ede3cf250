package dev.arclight.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.testkit.WithRealInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Placement not running at all: the caller hears so at once, in Lambda's shape. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arclight.gateway.tenants[0].name=t", "arclight.gateway.tenants[0].api-keys[0]=key"})
@AutoConfigureWebTestClient
@WithRealInfrastructure
class PlacementDownIntegrationTests {

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void placementUrl(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.placement-url", () -> "http://localhost:" + freePort());
    }

    @Test
    void answersBadGatewayAtOnceWhenPlacementIsDown() {
        long started = System.nanoTime();
        http.get()
                .uri("/2015-03-31/functions")
                .header("X-Api-Key", "key")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "ServiceException")
                .expectBody()
                .jsonPath("$.Type")
                .isEqualTo("Service")
                .jsonPath("$.message")
                .isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
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
