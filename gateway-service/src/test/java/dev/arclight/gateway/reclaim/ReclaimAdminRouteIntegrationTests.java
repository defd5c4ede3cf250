package dev.arclight.gateway.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The stand-in placement stands in for reclaim-service too: it records what reaches it. */
class ReclaimAdminRouteIntegrationTests extends GatewayIntegrationTest {

    @DynamicPropertySource
    static void reclaimUrl(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.reclaim.url", placement::url);
    }

    @Test
    void reachesReclaimWithTheCallersTenantAndNotTheOneItClaims() {
        http.get()
                .uri("/admin/reclaim")
                .header("X-Api-Key", "acme-api-key")
                .header(TenantHeader.NAME, "local")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(placement.received("/admin/reclaim"))
                .last()
                .satisfies(received ->
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("acme"));
    }

    @Test
    void refusesAnUnauthenticatedCaller() {
        int before = placement.received("/admin/reclaim").size();

        http.get().uri("/admin/reclaim").exchange().expectStatus().isForbidden();

        assertThat(placement.received("/admin/reclaim")).hasSize(before);
    }
}
