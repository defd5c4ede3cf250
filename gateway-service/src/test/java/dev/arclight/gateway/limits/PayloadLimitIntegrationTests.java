package dev.arclight.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.GatewayIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

class PayloadLimitIntegrationTests extends GatewayIntegrationTest {

    private static final int SIX_MB = 6 * 1024 * 1024;
    private static final int SEVENTY_MB = 70 * 1024 * 1024;

    @Test
    void rejectsABodyOneByteOverSixMegabytesBeforePlacementSeesIt() {
        var path = invocationPath();
        http.post()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue(new byte[SIX_MB + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "RequestTooLargeException")
                .expectBody()
                .jsonPath("$.Type")
                .isEqualTo("User");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void passesABodyOfExactlySixMegabytes() {
        var path = invocationPath();
        http.post()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue(new byte[SIX_MB])
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(placement.received(path))
                .singleElement()
                .satisfies(received -> assertThat(received.bodyBytes()).isEqualTo(SIX_MB));
    }

    @Test
    void countsAChunkedBodyAsItStreams() {
        var path = invocationPath();
        var body = new byte[SIX_MB + 1];
        var headers = signed("POST", path, body, "arclight", "arclight", Clock.systemUTC());
        headers.remove("Content-Length");

        http.post()
                .uri(path)
                .headers(h -> h.addAll(headers))
                .body(chunked(body, 64 * 1024), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "RequestTooLargeException");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void letsCreateFunctionCarryFiftyMegabytesOfZippedCode() {
        // 50 MiB of zip, base64-encoded into CreateFunction's JSON: about 67 MiB, as the SDK sends it.
        var name = "big-" + UUID.randomUUID();
        var base64Zip = new byte[(50 * 1024 * 1024 + 2) / 3 * 4];
        Arrays.fill(base64Zip, (byte) 'A');
        var body = ("{\"FunctionName\":\"" + name + "\",\"Code\":{\"ZipFile\":\""
                        + new String(base64Zip, StandardCharsets.US_ASCII) + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        var headers = signed(
                "POST",
                "/2015-03-31/functions",
                Map.of("Content-Type", "application/json"),
                body,
                "arclight",
                "arclight",
                Clock.systemUTC());

        http.post()
                .uri("/2015-03-31/functions")
                .headers(h -> h.addAll(headers))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(placement.received("/2015-03-31/functions"))
                .anySatisfy(received -> assertThat(received.bodyBytes()).isEqualTo(body.length));
    }

    @Test
    void holdsUpdateFunctionCodeToSeventyMegabytes() {
        var path = "/2015-03-31/functions/fn-" + UUID.randomUUID() + "/code";
        http.put()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue(new byte[SEVENTY_MB + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        http.put()
                .uri(path)
                .header("X-Api-Key", "acme-api-key")
                .bodyValue(new byte[SIX_MB * 2])
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(placement.received(path))
                .singleElement()
                .satisfies(received -> assertThat(received.bodyBytes()).isEqualTo(SIX_MB * 2));
    }

    private static Flux<DataBuffer> chunked(byte[] body, int chunkSize) {
        var buffers = new DefaultDataBufferFactory();
        return Flux.range(0, (body.length + chunkSize - 1) / chunkSize)
                .map(i -> buffers.wrap(
                        Arrays.copyOfRange(body, i * chunkSize, Math.min(body.length, (i + 1) * chunkSize))));
    }

    private static String invocationPath() {
        return "/2015-03-31/functions/fn-" + UUID.randomUUID() + "/invocations";
    }
}
