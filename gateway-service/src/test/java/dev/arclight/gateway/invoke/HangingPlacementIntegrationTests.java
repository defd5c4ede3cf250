package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.gateway.auth.TenantAuthenticationIntegrationTests;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** A placement instance that takes a call and never answers: the caller hears 504 in time. */
class HangingPlacementIntegrationTests extends InvokeIntegrationTest {

    @Test
    void answersGatewayTimeoutAfterTheDefaultTimeoutForAnUnknownFunction() {
        ALL.forEach(StandInPlacementInstance::hang);
        var function = "fn-" + UUID.randomUUID();

        long started = System.nanoTime();
        TenantAuthenticationIntegrationTests.expectLambdaError(
                        invoke(function), HttpStatus.GATEWAY_TIMEOUT, "ServiceException")
                .jsonPath("$.message")
                .value(message -> assertThat((String) message).contains("3000 ms"));
        var took = Duration.ofNanos(System.nanoTime() - started);

        // The default timeout here is 3 s; the stand-in would hold the call 30 s.
        assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(10));
        assertThat(ALL.stream().flatMap(s -> s.received(function).stream())).hasSize(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> router.inFlightByInstance().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void waitsForAKnownFunctionsOwnTimeoutPlusTheMargin() throws Exception {
        var function = "fn-" + UUID.randomUUID();
        new RegistrySnapshots().publish("acme", function, 1, null, "{}");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(arcOf(function).get("known")));
        ALL.forEach(StandInPlacementInstance::hang);

        long started = System.nanoTime();
        TenantAuthenticationIntegrationTests.expectLambdaError(
                        invoke(function), HttpStatus.GATEWAY_TIMEOUT, "ServiceException")
                .jsonPath("$.message")
                .value(message -> assertThat((String) message).contains("2000 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec invoke(String function) {
        return http.post()
                .uri("/2015-03-31/functions/{name}/invocations", function)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue("{}")
                .exchange();
    }
}
