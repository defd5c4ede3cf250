package dev.arclight.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.GatewayIntegrationTest;
import dev.arclight.gateway.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Requests built to break the gateway: each gets an answer in Lambda's shape, never a reset or a page. */
class HostileRequestIntegrationTests extends GatewayIntegrationTest {

    private static final int SEVEN_MB = 7 * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"a%2F..%2Fb", "a%2fb", "a%5C..%5Cb", "..%2F..%2Fetc", "a%00b"})
    void answersAFunctionNameWithEncodedSeparatorsWithInvalidParameterValue(String name) throws IOException {
        var answer = RawHttp.get(port, "/2015-03-31/functions/" + name, "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("InvalidParameterValueException");
        assertLambdaShaped(answer);
        assertThat(placement.received("/2015-03-31/functions/" + name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {10 * 1024, 100 * 1024})
    void answersAFunctionNameTooLongForTheRequestLineInLambdasShape(int length) throws IOException {
        var answer = RawHttp.get(port, "/2015-03-31/functions/" + "f".repeat(length), "");

        assertThat(answer.status()).isIn(400, 414);
        assertThat(answer.header("x-amzn-ErrorType")).isNotBlank();
        assertLambdaShaped(answer);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not base64!",
                "bm90IGpzb24=", // "not json"
                "WzEsMl0=", // [1,2]: JSON, but not an object
                "IkEi", // "A"
            })
    void refusesAClientContextThatIsNotBase64OfAJsonObject(String clientContext) throws IOException {
        var path = "/2015-03-31/functions/ctx-" + UUID.randomUUID() + "/invocations";

        var answer = invoke(path, "X-Amz-Client-Context: " + clientContext + "\r\n", "{}".getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("InvalidRequestContentException");
        assertThat(answer.body()).contains("Client context must be a valid Base64-encoded JSON object");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void refusesAClientContextOverLambdasBound() throws IOException {
        var path = "/2015-03-31/functions/ctx-" + UUID.randomUUID() + "/invocations";
        var big = Base64.getEncoder()
                .encodeToString(("{\"custom\":\"" + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8));

        var answer = invoke(path, "X-Amz-Client-Context: " + big + "\r\n", "{}".getBytes());

        assertThat(big.length()).isGreaterThan(3583);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("InvalidRequestContentException");
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void forwardsAValidClientContextUnchanged() throws IOException {
        var path = "/2015-03-31/functions/ctx-" + UUID.randomUUID() + "/invocations";
        var context = Base64.getEncoder()
                .encodeToString("{\"custom\":{\"k\":\"v\"},\"env\":{}}".getBytes(StandardCharsets.UTF_8));

        var answer = invoke(path, "X-Amz-Client-Context: " + context + "\r\n", "{}".getBytes());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(placement.received(path))
                .singleElement()
                .satisfies(received ->
                        assertThat(received.header("X-Amz-Client-Context")).containsExactly(context));
    }

    @Test
    void answersASevenMegabyteInvokeWithContentLengthWith413AfterTakingTheBody() throws IOException {
        var path = "/2015-03-31/functions/big-" + UUID.randomUUID() + "/invocations";

        var answer = invoke(path, "", new byte[SEVEN_MB]);

        assertThat(answer.resetWhileSending()).isFalse();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTooLargeException");
        assertLambdaShaped(answer);
        assertThat(placement.received(path)).isEmpty();
    }

    @Test
    void answersAChunkedSevenMegabyteInvokeWith413AfterTakingTheBody() throws IOException {
        var path = "/2015-03-31/functions/big-" + UUID.randomUUID() + "/invocations";

        var answer = RawHttp.exchange(
                port,
                "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: acme-api-key\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                out -> RawHttp.chunked(out, new byte[SEVEN_MB], 64 * 1024));

        assertThat(answer.resetWhileSending()).isFalse();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTooLargeException");
        assertLambdaShaped(answer);
    }

    @Test
    void letsTheAwsSdkSeeRequestTooLargeForASevenMegabytePayload() {
        try (var lambda = LambdaClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("arclight", "arclight")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(strategy -> strategy.maxAttempts(1))
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build())
                .build()) {
            var payload = SdkBytes.fromByteArray(new byte[SEVEN_MB]);

            org.assertj.core.api.Assertions.assertThatExceptionOfType(LambdaException.class)
                    .isThrownBy(() ->
                            lambda.invoke(request -> request.functionName("big").payload(payload)))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(413);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestTooLargeException");
                    });
        }
    }

    private RawHttp.Answer invoke(String path, String headers, byte[] body) throws IOException {
        return RawHttp.exchange(
                port,
                "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: acme-api-key\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" + headers,
                out -> out.write(body));
    }

    private static void assertLambdaShaped(RawHttp.Answer answer) {
        assertThat(answer.header("x-amzn-ErrorType")).as(answer.head()).isNotBlank();
        assertThat(answer.body())
                .as(answer.head())
                .contains("\"Type\":\"User\"")
                .contains("\"message\":");
    }
}
