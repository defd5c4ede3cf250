package dev.arclight.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

public class TenantAuthenticationIntegrationTests extends GatewayIntegrationTest {

    private static final byte[] NO_BODY = new byte[0];

    @Test
    void passesARequestSignedByTheSdkOnWithItsTenant() {
        var path = uniqueFunctionPath();
        var headers = signed("GET", path, NO_BODY, "arclight", "arclight", Clock.systemUTC());

        http.get()
                .uri(path)
                .headers(h -> h.addAll(headers))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(placement.received(path)).singleElement().satisfies(received -> {
            assertThat(received.header(TenantHeader.NAME)).containsExactly("local");
            assertThat(received.header(HttpHeaders.AUTHORIZATION)).isEmpty();
        });
    }

    @Test
    void passesASignedBodyOnUnchanged() throws Exception {
        var path = "/2015-03-31/functions";
        var name = "fn-" + UUID.randomUUID();
        var body = ("{\"FunctionName\":\"" + name + "\",\"Runtime\":\"python3.12\",\"Handler\":\"app.handler\"}")
                .getBytes(StandardCharsets.UTF_8);
        var headers = signed(
                "POST",
                path,
                Map.of("Content-Type", "application/json"),
                body,
                "AKIDACME",
                "acme-secret",
                Clock.systemUTC());

        http.post()
                .uri(path)
                .headers(h -> h.addAll(headers))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();

        var sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(placement.received(path))
                .filteredOn(received -> received.bodySha256().equals(sha256))
                .singleElement()
                .satisfies(received ->
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("acme"));
    }

    @Test
    void verifiesASignatureOverAnEncodedArnPathAndQuery() {
        var function = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn-" + UUID.randomUUID();
        var path = "/2015-03-31/functions/" + function + "/invocations?Qualifier=%24LATEST&x=a%2Bb%20c";
        var headers =
                signed("POST", path, "{}".getBytes(StandardCharsets.UTF_8), "arclight", "arclight", Clock.systemUTC());

        http.post()
                .uri(URI.create("http://localhost:" + port + path))
                .headers(h -> h.addAll(headers))
                .bodyValue("{}".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(placement.received("/2015-03-31/functions/" + function)).singleElement();
    }

    @Test
    void authenticatesAnEncodedSpellingOfALambdaPath() {
        // Routing matches decoded paths, so /%32015-03-31/... takes the Lambda route (%32 is '2').
        var encoded = "/%32015-03-31/functions/fn-" + UUID.randomUUID() + "/configuration";
        var target = URI.create("http://localhost:" + port + encoded);

        http.get()
                .uri(target)
                .header(TenantHeader.NAME, "acme")
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(placement.received(encoded)).isEmpty();

        http.get()
                .uri(target)
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(placement.received(encoded))
                .singleElement()
                .satisfies(received ->
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("acme"));
    }

    @Test
    void leavesHealthOpenButDropsATenantHeaderThere() {
        awaitReady();
        http.get()
                .uri("/actuator/health")
                .header(TenantHeader.NAME, "acme")
                .exchange()
                .expectStatus()
                .isOk();
        http.get().uri("/actuator").exchange().expectStatus().isOk();
        http.get().uri("/actuatorx/health").exchange().expectStatus().isForbidden();
    }

    @Test
    void replacesATenantHeaderTheClientSent() {
        var path = uniqueFunctionPath();
        // Even signed along with the request, the client's claim to be acme does not count.
        var headers = signed(
                "GET", path, Map.of(TenantHeader.NAME, "acme"), NO_BODY, "arclight", "arclight", Clock.systemUTC());

        http.get()
                .uri(path)
                .headers(h -> h.addAll(headers))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(placement.received(path))
                .singleElement()
                .satisfies(received ->
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("local"));
    }

    @Test
    void replacesATenantHeaderSentWithAnApiKey() {
        var path = uniqueFunctionPath();
        http.get()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .header("x-arclight-tenant", "local")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(placement.received(path)).singleElement().satisfies(received -> {
            assertThat(received.header(TenantHeader.NAME)).containsExactly("acme");
            assertThat(received.header("X-Api-Key")).isEmpty();
        });
    }

    @Test
    void rejectsASignatureMadeWithTheWrongSecret() {
        var path = uniqueFunctionPath();
        var headers = signed("GET", path, NO_BODY, "arclight", "wrong-secret", Clock.systemUTC());

        expectLambdaError(
                http.get().uri(path).headers(h -> h.addAll(headers)).exchange(),
                HttpStatus.FORBIDDEN,
                "InvalidSignatureException");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void rejectsAnUnknownAccessKey() {
        var path = uniqueFunctionPath();
        var headers = signed("GET", path, NO_BODY, "AKIDNOBODY", "whatever", Clock.systemUTC());

        expectLambdaError(
                http.get().uri(path).headers(h -> h.addAll(headers)).exchange(),
                HttpStatus.FORBIDDEN,
                "UnrecognizedClientException");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void rejectsAnUnknownApiKey() {
        var path = uniqueFunctionPath();
        expectLambdaError(
                http.get().uri(path).header("X-Api-Key", "guessed").exchange(),
                HttpStatus.FORBIDDEN,
                "UnrecognizedClientException");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void rejectsASignatureOlderThanFifteenMinutes() {
        var path = uniqueFunctionPath();
        var sixteenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
        var headers = signed("GET", path, NO_BODY, "arclight", "arclight", sixteenMinutesAgo);

        expectLambdaError(
                        http.get().uri(path).headers(h -> h.addAll(headers)).exchange(),
                        HttpStatus.FORBIDDEN,
                        "InvalidSignatureException")
                .jsonPath("$.message")
                .value(String.class, message -> assertThat(message).startsWith("Signature expired"));
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void rejectsARequestWithoutCredentials() {
        var path = uniqueFunctionPath();
        expectLambdaError(http.get().uri(path).exchange(), HttpStatus.FORBIDDEN, "MissingAuthenticationTokenException")
                .jsonPath("$.message")
                .isEqualTo("Missing Authentication Token");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void authenticatesEveryLambdaApiVersionPath() {
        for (var path : new String[] {
            "/2016-08-19/account-settings",
            "/2017-10-31/functions/x/concurrency",
            "/2019-09-30/functions/x/provisioned-concurrency"
        }) {
            http.get().uri(path).exchange().expectStatus().isForbidden();
            http.get()
                    .uri(path)
                    .header("X-Api-Key", "acme-api-key")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        assertThat(placement.received("/2019-09-30/functions/x/provisioned-concurrency"))
                .singleElement()
                .satisfies(received ->
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("acme"));
    }

    public static WebTestClient.BodyContentSpec expectLambdaError(
            WebTestClient.ResponseSpec response, HttpStatus status, String type) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", type)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.Type")
                .isEqualTo(status.is5xxServerError() ? "Service" : "User")
                .jsonPath("$.message")
                .isNotEmpty();
    }

    private static String uniqueFunctionPath() {
        return "/2015-03-31/functions/fn-" + UUID.randomUUID() + "/configuration";
    }
}
