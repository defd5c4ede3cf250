package dev.arclight.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@WithRealInfrastructure
class ControlApiRoutingIntegrationTests {

    /** Stands in for placement-service: records what reaches it and answers like a registry. */
    private static final HttpServer placement = startPlacement();

    private static final List<String> placementSaw = new CopyOnWriteArrayList<>();

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void placementUrl(DynamicPropertyRegistry registry) {
        registry.add(
                "arclight.gateway.placement-url",
                () -> "http://localhost:" + placement.getAddress().getPort());
    }

    @AfterAll
    static void stopPlacement() {
        placement.stop(0);
    }

    @Test
    void forwardsTheLambdaControlApiToPlacement() {
        http.get()
                .uri("/2015-03-31/functions?MaxItems=5")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.Functions")
                .isArray();

        assertThat(placementSaw).contains("GET /2015-03-31/functions?MaxItems=5");
    }

    @Test
    void doesNotForwardPathsOutsideTheApi() {
        http.get().uri("/etc/passwd").exchange().expectStatus().isNotFound();
        assertThat(placementSaw).noneMatch(request -> request.contains("passwd"));
    }

    @Test
    void createsTheAsyncInvocationTopicOnKafka() {
        var kafka = new KafkaTestClient(RealInfrastructure.kafka());
        assertThat(kafka.describeTopics(List.of(Topics.ASYNC_INVOCATIONS)))
                .singleElement()
                .satisfies(topic -> assertThat(topic.partitions()).hasSize(8));
    }

    @Test
    void reportsHealthAndPrometheusMetrics() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }

    private static HttpServer startPlacement() {
        try {
            var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/", exchange -> {
                placementSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                var body = "{\"Functions\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
