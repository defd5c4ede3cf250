package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.gateway.auth.TenantAuthenticationIntegrationTests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;

/** Instances that fail their health checks leave the ring and come back; only their functions move. */
class MembershipIntegrationTests extends InvokeIntegrationTest {

    @Test
    void anUnhealthyInstanceLeavesTheRingAndOnlyItsFunctionsMove() {
        var functions =
                IntStream.range(0, 40).mapToObj(i -> "fn-" + UUID.randomUUID()).toList();
        var before = firstInstances(functions);
        assertThat(before.values()).contains(B.name()).anyMatch(i -> !i.equals(B.name()));

        B.healthy(false);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !router.ring().instances().contains(B.name()));

        var during = firstInstances(functions);
        for (var function : functions) {
            if (before.get(function).equals(B.name())) {
                assertThat(during.get(function)).isNotEqualTo(B.name());
            } else {
                assertThat(during.get(function)).isEqualTo(before.get(function));
            }
        }
        var moved = functions.stream()
                .filter(f -> before.get(f).equals(B.name()))
                .findFirst()
                .orElseThrow();
        var servedBy = http.post()
                .uri("/2015-03-31/functions/{name}/invocations", moved)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getFirst(InvocationHeaders.PLACEMENT_INSTANCE);
        assertThat(servedBy).isEqualTo(during.get(moved));
        assertThat(B.received(moved)).isEmpty();
        assertThat(ring())
                .filteredOn(i -> i.get("name").equals(B.name()))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.get("healthy")).isEqualTo(false);
                    assertThat(b.get("inRing")).isEqualTo(false);
                    assertThat((Integer) b.get("consecutiveFailedChecks")).isGreaterThanOrEqualTo(2);
                });

        B.healthy(true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> router.ring().instances().contains(B.name()));
        assertThat(firstInstances(functions)).isEqualTo(before);
    }

    @Test
    void answersServiceUnavailableWhenNoInstanceIsHealthy() {
        ALL.forEach(s -> s.healthy(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> router.ring().size() == 0);

        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.post()
                        .uri("/2015-03-31/functions/{name}/invocations", "fn-" + UUID.randomUUID())
                        .header("X-Api-Key", "acme-api-key")
                        .bodyValue("{}")
                        .exchange(),
                HttpStatus.SERVICE_UNAVAILABLE,
                "ServiceException");
    }

    @Test
    void showsTheRingToAnAuthenticatedCallerOnly() {
        var ring = http.get()
                .uri("/admin/ring")
                .header("X-Api-Key", "other-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(ring.get("virtualNodes")).isEqualTo(128);
        assertThat(ring()).extracting(i -> i.get("name")).containsExactly("placement-a", "placement-b", "placement-c");
        assertThat(ring()).allSatisfy(i -> {
            assertThat(i.get("healthy")).isEqualTo(true);
            assertThat(i.get("inRing")).isEqualTo(true);
            assertThat(i.get("inFlight")).isEqualTo(0);
            assertThat(i.get("breaker")).isEqualTo("CLOSED");
            assertThat((String) i.get("url")).startsWith("http://localhost:");
        });

        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get().uri("/admin/ring").exchange(), HttpStatus.FORBIDDEN, "MissingAuthenticationTokenException");
        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get().uri("/admin/functions/x/arc").exchange(),
                HttpStatus.FORBIDDEN,
                "MissingAuthenticationTokenException");
    }

    @Test
    void showsAFunctionsArcsOnlyInItsOwnTenant() throws Exception {
        var function = "fn-" + UUID.randomUUID();
        new RegistrySnapshots().publish("acme", function, 3, 10, "{\"live\":4}");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(arcOf(function).get("known")));
        var acme = arcOf(function);
        assertThat(acme.get("provisioned")).isEqualTo(4);
        assertThat(list(acme.get("reservedArc"))).hasSize(2);
        assertThat(list(acme.get("unreservedArc"))).hasSize(1);

        var other = http.get()
                .uri("/admin/functions/{name}/arc", function)
                .header("X-Api-Key", "other-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(other.get("known")).isEqualTo(false);
        assertThat(other.get("provisioned")).isEqualTo(0);
        assertThat(list(other.get("reservedArc"))).isEmpty();
    }

    /** Where each function's next lone call would go: the first instance of its unreserved arc. */
    private Map<String, String> firstInstances(List<String> functions) {
        var first = new LinkedHashMap<String, String>();
        functions.forEach(f -> first.put(f, list(arcOf(f).get("unreservedArc")).getFirst()));
        return first;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> ring() {
        var ring = http.get()
                .uri("/admin/ring")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) ring.get("instances");
    }
}
