package dev.arclight.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.GatewayIntegrationTest;
import dev.arclight.gateway.auth.TenantAuthenticationIntegrationTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /admin/pool} against a stand-in of pool-service's {@code GET /admin/pool}: authenticated
 * like {@code /admin/ring}, the pool's view passed on (less other tenants' reserved sub-pools), and
 * Lambda-shaped errors when the pool cannot answer.
 */
class PoolAdminIntegrationTests extends GatewayIntegrationTest {

    static final String VIEW = """
            {"subPools": [
              {"id": "py", "runtimes": ["python3.11"], "runtime": "python3.11", "memoryMib": 512, "tenant": null,
               "minSize": 1, "maxSize": 2, "target": 2, "warm": 2, "booting": 0, "claimsLastMinute": 3,
               "shortfall": 0},
              {"id": "acme-only", "runtimes": ["nodejs18.x"], "runtime": "nodejs18.x", "memoryMib": 256,
               "tenant": "acme", "minSize": 1, "maxSize": 1, "target": 1, "warm": 1, "booting": 0,
               "claimsLastMinute": 0, "shortfall": 0},
              {"id": "other-only", "runtimes": ["python3.11"], "runtime": "python3.11", "memoryMib": 512,
               "tenant": "other", "minSize": 1, "maxSize": 1, "target": 1, "warm": 0, "booting": 1,
               "claimsLastMinute": 0, "shortfall": 0}],
             "workers": [{"workerId": "worker-1", "live": true, "freeMemoryMib": 20000, "pooledVms": 4}]}
            """;

    static final StandInPoolService POOL = new StandInPoolService();

    @DynamicPropertySource
    static void poolUrl(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.pool.url", () -> "http://127.0.0.1:" + POOL.port());
        registry.add("arclight.gateway.pool.timeout", () -> "1s");
    }

    @AfterEach
    void healPool() {
        POOL.status = 200;
        POOL.hanging = false;
    }

    @Test
    void showsThePoolsViewWithTheCallersOwnAndSharedSubPoolsOnly() {
        var view = http.get()
                .uri("/admin/pool")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {})
                .returnResult()
                .getResponseBody();

        assertThat(view.get("subPools")).extracting(p -> p.get("id")).containsExactly("py", "acme-only");
        assertThat(view.get("subPools").getFirst())
                .containsEntry("runtime", "python3.11")
                .containsEntry("memoryMib", 512)
                .containsEntry("target", 2)
                .containsEntry("warm", 2)
                .containsEntry("booting", 0)
                .containsEntry("claimsLastMinute", 3);
        assertThat(view.get("workers"))
                .singleElement()
                .satisfies(
                        w -> assertThat(w).containsEntry("workerId", "worker-1").containsEntry("pooledVms", 4));
        assertThat(POOL.paths).contains("/admin/pool");
    }

    @Test
    void isAuthenticatedLikeTheRing() {
        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get().uri("/admin/pool").exchange(), HttpStatus.FORBIDDEN, "MissingAuthenticationTokenException");
        // A tenant header from the client is no credential.
        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get().uri("/admin/pool").header(TenantHeader.NAME, "acme").exchange(),
                HttpStatus.FORBIDDEN,
                "MissingAuthenticationTokenException");
    }

    @Test
    void aPoolThatFailsOrDoesNotAnswerInTimeIsA502() {
        POOL.status = 500;
        expect502();
        POOL.status = 200;
        POOL.hanging = true;
        expect502();
    }

    private void expect502() {
        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get()
                        .uri("/admin/pool")
                        .header("X-Api-Key", "acme-api-key")
                        .exchange(),
                HttpStatus.BAD_GATEWAY,
                "ServiceException");
    }

    @Test
    void aPoolThatIsDownIsA503() {
        int port = POOL.port();
        POOL.stop();
        try {
            TenantAuthenticationIntegrationTests.expectLambdaError(
                    http.get()
                            .uri("/admin/pool")
                            .header("X-Api-Key", "acme-api-key")
                            .exchange(),
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "ServiceException");
        } finally {
            POOL.startOn(port);
        }
    }

    /** pool-service's {@code GET /admin/pool}, answering {@link #VIEW} (or {@code status}). */
    static final class StandInPoolService {

        final List<String> paths = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        volatile boolean hanging;
        private HttpServer server;

        StandInPoolService() {
            startOn(0);
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        void startOn(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    paths.add(exchange.getRequestURI().getPath());
                    if (hanging) {
                        Thread.sleep(5_000);
                        return;
                    }
                    var body = (status == 200 ? VIEW : "{\"type\":\"Boom\",\"message\":\"no\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }
    }
}
