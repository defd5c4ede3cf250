package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the warm pool holds, as {@code GET /admin/pool} (through the gateway) shows it, and waits on
 * it. A test that expects a claim must first see a warm VM that fits it: "some sub-pool is warm" is
 * not enough when the one the call needs is still refilling after an earlier test's claims.
 */
final class WarmPool {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WarmPool() {}

    /** Until a shared sub-pool (reserved for no tenant) that pre-starts {@code runtime} has a warm VM. */
    static void awaitWarm(String runtime) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> warmShared(runtime) > 0);
    }

    /** Warm VMs of the shared sub-pools that pre-start {@code runtime}. */
    static int warmShared(String runtime) {
        int warm = 0;
        for (JsonNode subPool : view().path("subPools")) {
            if (subPool.path("tenant").isNull() && runtimesOf(subPool).contains(runtime)) {
                warm += subPool.path("warm").asInt();
            }
        }
        return warm;
    }

    /** VMs the pool is booting or restoring now, in all sub-pools. */
    static int booting() {
        int booting = 0;
        for (JsonNode subPool : view().path("subPools")) {
            booting += subPool.path("booting").asInt();
        }
        return booting;
    }

    /**
     * Waits, at most {@code limit}, until the pool boots nothing: a boot under TCG takes a core for
     * tens of seconds, which a latency measurement must not mistake for the load it is about. Returns
     * whether it got there (a pool that keeps booting is reported by the caller's measurement).
     */
    static boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (booting() == 0) {
                return true;
            }
            Thread.sleep(2_000);
        }
        return false;
    }

    static JsonNode view() {
        var uri = URI.create(Platform.get().gatewayUrl() + "/admin/pool");
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("X-Api-Key", TestTenants.LOCAL_API_KEY)
                .build();
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("GET /admin/pool: %s", response.body())
                    .isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /admin/pool failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String runtimesOf(JsonNode subPool) {
        return subPool.path("runtimes").toString() + subPool.path("runtime").asString("");
    }
}
