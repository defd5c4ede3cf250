package dev.arclight.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlApiRoutingIntegrationTests extends GatewayIntegrationTest {

    @Test
    void forwardsTheLambdaControlApiToPlacement() {
        http.get()
                .uri("/2015-03-31/functions?MaxItems=5")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.Functions")
                .isArray();

        assertThat(placement.received("/2015-03-31/functions?MaxItems=5")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/2016-08-19/account-settings",
                "/2017-10-31/functions/routed/concurrency",
                "/2019-09-30/functions/routed/provisioned-concurrency?Qualifier=live"
            })
    void forwardsTheAccountAndConcurrencyPathsToPlacement(String path) {
        http.get()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(placement.received(path)).isNotEmpty();
    }

    @Test
    void doesNotForwardPathsOutsideTheApi() {
        http.get().uri("/etc/passwd").exchange().expectStatus().isForbidden();
        http.get()
                .uri("/etc/passwd")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/2018-06-01/runtime/invocation/next")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(placement.received("/etc")).isEmpty();
        assertThat(placement.received("/2018-06-01")).isEmpty();
    }

    @Test
    void reportsHealthAndPrometheusMetricsWithoutCredentials() {
        awaitReady();
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
}
