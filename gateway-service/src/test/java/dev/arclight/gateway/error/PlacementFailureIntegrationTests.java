package dev.arclight.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.GatewayIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Placement alive but stuck, and requests the gateway answers itself. */
class PlacementFailureIntegrationTests extends GatewayIntegrationTest {

    @Test
    void answersServiceExceptionWhenPlacementDoesNotAnswerInTime() {
        long started = System.nanoTime();
        http.get()
                .uri("/2015-03-31/functions/slow/configuration")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "ServiceException")
                .expectBody()
                .jsonPath("$.Type")
                .isEqualTo("Service");
        // The test configuration's response timeout is 5 s (loose: this machine is shared and slow);
        // the stand-in would take 15 s.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void answersAnUnknownPathInLambdasShape() {
        http.get()
                .uri("/etc/passwd")
                .header("X-Api-Key", "acme-api-key")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "UnknownOperationException");
        assertThat(placement.received("/etc")).isEmpty();
    }
}
