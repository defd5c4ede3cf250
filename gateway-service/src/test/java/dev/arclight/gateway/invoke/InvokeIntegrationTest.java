package dev.arclight.gateway.invoke;

import static org.awaitility.Awaitility.await;

import dev.arclight.gateway.ring.ArcRouter;
import dev.arclight.testkit.WithRealInfrastructure;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole gateway with a real Kafka and three {@link StandInPlacementInstance}s behind it, checked
 * for health every 300 ms (two failures and an instance leaves). Arcs widen every 2 calls, so small
 * tests reach several instances. A call to a function the registry view does not know may wait 3 s
 * for its answer. Tenant {@code acme} authenticates with the API key {@code acme-api-key} (or the
 * access key {@code AKIDACME}/{@code acme-secret}), tenant
 * {@code other} with {@code other-api-key}. Classes extending this share one application context and
 * the stand-ins; each test leaves them healthy and answering.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.gateway.tenants[0].name=acme",
            "arclight.gateway.tenants[0].api-keys[0]=acme-api-key",
            "arclight.gateway.tenants[0].access-keys[0].id=AKIDACME",
            "arclight.gateway.tenants[0].access-keys[0].secret=acme-secret",
            "arclight.gateway.tenants[1].name=other",
            "arclight.gateway.tenants[1].api-keys[0]=other-api-key",
            "arclight.gateway.membership.health-interval=300ms",
            "arclight.gateway.membership.health-timeout=1s",
            "arclight.gateway.membership.failure-threshold=2",
            "arclight.gateway.ring.calls-per-instance=2",
            // These tests assert arcs exactly on three instances with a handful of calls, where the
            // load bound would already pass calls on; ArcRouterTests covers the bound.
            "arclight.gateway.ring.load-factor=100",
            "arclight.gateway.invoke.default-timeout=3s",
            "arclight.gateway.invoke.timeout-margin=1s",
        })
@AutoConfigureWebTestClient(timeout = "PT60S")
@WithRealInfrastructure
abstract class InvokeIntegrationTest {

    static final StandInPlacementInstance A = new StandInPlacementInstance("placement-a");
    static final StandInPlacementInstance B = new StandInPlacementInstance("placement-b");
    static final StandInPlacementInstance C = new StandInPlacementInstance("placement-c");
    static final List<StandInPlacementInstance> ALL = List.of(A, B, C);

    @Autowired
    WebTestClient http;

    @Autowired
    ArcRouter router;

    @Autowired
    Tracer tracer;

    @LocalServerPort
    int port;

    /** Whether a span the gateway starts now is sampled (recorded), as its tracing settings decide. */
    boolean aNewSpanIsSampled() {
        var span = tracer.nextSpan().start();
        try {
            return span.context().sampled();
        } finally {
            span.end();
        }
    }

    @DynamicPropertySource
    static void placementInstances(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.placement-url", A::url);
        for (int i = 0; i < ALL.size(); i++) {
            var instance = ALL.get(i);
            registry.add("arclight.gateway.placement-instances[" + i + "].name", instance::name);
            registry.add("arclight.gateway.placement-instances[" + i + "].url", instance::url);
        }
    }

    @AfterEach
    void allInstancesBackInTheRing() {
        ALL.forEach(StandInPlacementInstance::reset);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> router.ring().instances().size() == ALL.size());
    }

    StandInPlacementInstance standIn(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code GET /admin/functions/{name}/arc} as tenant acme. */
    Map<String, Object> arcOf(String function) {
        return http.get()
                .uri("/admin/functions/{name}/arc", function)
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Object value) {
        return (List<String>) value;
    }
}
