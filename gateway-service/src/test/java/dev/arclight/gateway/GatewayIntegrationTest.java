package dev.arclight.gateway;

import static org.awaitility.Awaitility.await;

import dev.arclight.testkit.WithRealInfrastructure;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole gateway on a random port, with a real Kafka and a {@link StandInPlacement} behind it.
 * Test classes extend this so they share one application context. Tenants: {@code local} (access
 * key {@code arclight}/{@code arclight}) and {@code acme} (access key {@code AKIDACME}, API key
 * {@code acme-api-key}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=5s",
            "arclight.gateway.tenants[0].name=local",
            "arclight.gateway.tenants[0].access-keys[0].id=arclight",
            "arclight.gateway.tenants[0].access-keys[0].secret=arclight",
            "arclight.gateway.tenants[1].name=acme",
            "arclight.gateway.tenants[1].access-keys[0].id=AKIDACME",
            "arclight.gateway.tenants[1].access-keys[0].secret=acme-secret",
            "arclight.gateway.tenants[1].api-keys[0]=acme-api-key",
        })
@AutoConfigureWebTestClient(timeout = "PT60S")
@WithRealInfrastructure
public abstract class GatewayIntegrationTest {

    protected static final StandInPlacement placement = StandInPlacement.start();

    @Autowired
    protected WebTestClient http;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void placementUrl(DynamicPropertyRegistry registry) {
        registry.add("arclight.gateway.placement-url", placement::url);
    }

    /**
     * Waits until the gateway is ready (it has checked the stand-in placement and read the
     * registry topic to its end), as a client of a fresh gateway would: until then its health is
     * 503 by design.
     */
    protected void awaitReady() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> http.get()
                                .uri("/actuator/health/readiness")
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
    }

    /** Headers of a request to this gateway signed by the AWS SDK's signer with the given key. */
    protected HttpHeaders signed(
            String method, String pathAndQuery, byte[] body, String keyId, String secret, Clock clock) {
        return signed(method, pathAndQuery, Map.of(), body, keyId, secret, clock);
    }

    protected HttpHeaders signed(
            String method,
            String pathAndQuery,
            Map<String, String> extraHeaders,
            byte[] body,
            String keyId,
            String secret,
            Clock clock) {
        var headers = new HttpHeaders();
        AwsSigning.sign(
                        method,
                        URI.create("http://localhost:" + port + pathAndQuery),
                        extraHeaders,
                        body,
                        keyId,
                        secret,
                        clock)
                .forEach(headers::addAll);
        return headers;
    }
}
