package dev.arclight.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each placement instance holds of one function version, from its {@code GET
 * /admin/provisioned} (reached directly, as an operator would: the gateway does not route it).
 */
final class ProvisionedContainers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProvisionedContainers() {}

    /**
     * One instance's part of a version.
     *
     * @param provisioned the instance's share of the version's provisioned concurrency
     * @param containers its containers of the version, by state ({@code idle}, {@code busy}, ...)
     */
    record Holding(int provisioned, Map<String, Integer> containers) {

        int total() {
            return containers.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Every placement instance's holding of {@code function} version {@code version} in tenant local. */
    static Map<String, Holding> of(String function, String version) {
        var holdings = new LinkedHashMap<String, Holding>();
        for (var instance : Platform.PLACEMENTS) {
            var view = JSON.readTree(get(instance));
            var holding = new Holding(0, Map.of());
            for (var entry : view.path("versions")) {
                if (entry.path("functionArn").asString("").endsWith(":function:" + function + ":" + version)) {
                    var states = new LinkedHashMap<String, Integer>();
                    entry.path("containers")
                            .properties()
                            .forEach(e -> states.put(e.getKey(), e.getValue().asInt()));
                    holding = new Holding(entry.path("provisioned").asInt(), states);
                }
            }
            holdings.put(instance, holding);
        }
        return holdings;
    }

    private static String get(String instance) {
        var uri = Platform.get().service(instance).baseUrl().resolve("/admin/provisioned");
        var request = HttpRequest.newBuilder(uri)
                .header("X-Arclight-Tenant", "local")
                .timeout(Duration.ofSeconds(10))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
