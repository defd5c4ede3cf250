package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.tenant.TenantHeader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class InvokeForwardingIntegrationTests extends InvokeIntegrationTest {

    private static final int ONE_MB = 1024 * 1024;

    @Test
    void forwardsTheCallWithTenantAndArcAndReturnsAFunctionErrorUnchanged() {
        var function = "fn-" + UUID.randomUUID();
        var error = "{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\"}".getBytes(StandardCharsets.UTF_8);
        ALL.forEach(s -> s.answerWith(new StandInPlacementInstance.Answer(
                200,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Amz-Function-Error",
                        "Unhandled",
                        "X-Amz-Executed-Version",
                        "3",
                        InvocationHeaders.START,
                        "pool",
                        "X-Amz-Log-Result",
                        "bG9ncw=="),
                error)));
        var payload = "{\"name\":\"arclight\"}".getBytes(StandardCharsets.UTF_8);

        var result = http.post()
                .uri(URI.create("http://localhost:" + port + "/2015-03-31/functions/" + function
                        + "/invocations?Qualifier=live"))
                .header("X-Api-Key", "acme-api-key")
                .header(TenantHeader.NAME, "other")
                .header(InvocationHeaders.ARC, "reserved")
                .header("X-Amz-Invocation-Type", "RequestResponse")
                .header("X-Amz-Log-Type", "Tail")
                .header("X-Amz-Client-Context", "eyJjdXN0b20iOnt9fQ==")
                .bodyValue(payload)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Amz-Function-Error", "Unhandled")
                .expectHeader()
                .valueEquals("X-Amz-Executed-Version", "3")
                .expectHeader()
                .valueEquals("X-Amz-Log-Result", "bG9ncw==")
                .expectHeader()
                .valueEquals(InvocationHeaders.START, "pool")
                .expectHeader()
                .valueEquals(InvocationHeaders.ARC, "unreserved")
                .expectBody(byte[].class)
                .returnResult();
        assertThat(result.getResponseBody()).isEqualTo(error);

        var servedBy = result.getResponseHeaders().getFirst(InvocationHeaders.PLACEMENT_INSTANCE);
        assertThat(ALL.stream().flatMap(s -> s.received(function).stream()))
                .singleElement()
                .satisfies(received -> {
                    assertThat(received.uri()).endsWith("/invocations?Qualifier=live");
                    assertThat(received.header(TenantHeader.NAME)).containsExactly("acme");
                    assertThat(received.header(InvocationHeaders.ARC)).containsExactly("unreserved");
                    assertThat(received.header("X-Amz-Invocation-Type")).containsExactly("RequestResponse");
                    assertThat(received.header("X-Amz-Log-Type")).containsExactly("Tail");
                    assertThat(received.header("X-Amz-Client-Context")).containsExactly("eyJjdXN0b20iOnt9fQ==");
                    assertThat(received.header("X-Api-Key")).isEmpty();
                    assertThat(received.body()).isEqualTo(payload);
                });
        assertThat(standIn(servedBy).received(function)).hasSize(1);
    }

    @Test
    void passesPlacementsThrottlingAnswerThroughToTheAwsSdk() {
        var function = "fn-" + UUID.randomUUID();
        ALL.forEach(s -> s.answerWith(new StandInPlacementInstance.Answer(
                429,
                Map.of(
                        "Content-Type", "application/json",
                        "x-amzn-ErrorType", "TooManyRequestsException",
                        "Retry-After", "1"),
                "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}"
                        .getBytes(StandardCharsets.UTF_8))));

        try (var lambda = client()) {
            var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                    TooManyRequestsException.class, () -> lambda.invoke(r -> r.functionName(function)));
            assertThat(thrown.statusCode()).isEqualTo(429);
            assertThat(thrown.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
            assertThat(thrown.retryAfterSeconds()).isEqualTo("1");
        }
    }

    @Test
    void servesTheAwsSdksInvokeWithItsResultHeaders() {
        var function = "fn-" + UUID.randomUUID();
        try (var lambda = client()) {
            var response = lambda.invoke(r -> r.functionName(function)
                    .qualifier("$LATEST")
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"a\":1}")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"a\":1}");
            assertThat(response.executedVersion()).isEqualTo("$LATEST");
            assertThat(response.functionError()).isNull();
        }
        assertThat(ALL.stream().flatMap(s -> s.received(function).stream()))
                .singleElement()
                .satisfies(received -> {
                    assertThat(received.uri()).contains("Qualifier=%24LATEST");
                    assertThat(received.header("X-Amz-Log-Type")).containsExactly("Tail");
                });
    }

    @Test
    void passesEventAndDryRunStatusesThrough() {
        var function = "fn-" + UUID.randomUUID();
        invoke(function, "Event", "{}".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isAccepted();
        invoke(function, "DryRun", new byte[0]).expectStatus().isNoContent();
    }

    @Test
    void refusesAnEventPayloadOverOneMegabyteButForwardsOneOfExactlyOne() {
        var function = "fn-" + UUID.randomUUID();
        invoke(function, "Event", new byte[ONE_MB + 1])
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .valueEquals("x-amzn-ErrorType", "RequestTooLargeException");
        assertThat(ALL.stream().flatMap(s -> s.received(function).stream())).isEmpty();

        invoke(function, "Event", new byte[ONE_MB]).expectStatus().isAccepted();
        // A synchronous call may carry more.
        invoke(function, "RequestResponse", new byte[ONE_MB * 2]).expectStatus().isOk();
        assertThat(ALL.stream().flatMap(s -> s.received(function).stream()))
                .extracting(r -> r.body().length)
                .containsExactly(ONE_MB, ONE_MB * 2);
    }

    @Test
    void routesEverySpellingOfAFunctionAlongTheSameArc() {
        var function = "fn-" + UUID.randomUUID();
        var spellings = Stream.of(
                function,
                function + ":live",
                "000000000001:function:" + function,
                "arn:aws:lambda:us-east-1:000000000001:function:" + function);
        var instances = spellings
                .map(spelling -> http.post()
                        .uri("/2015-03-31/functions/{name}/invocations", spelling)
                        .header("X-Api-Key", "acme-api-key")
                        .bodyValue("{}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .returnResult(byte[].class)
                        .getResponseHeaders()
                        .getFirst(InvocationHeaders.PLACEMENT_INSTANCE))
                .distinct()
                .toList();
        assertThat(instances)
                .singleElement()
                .isEqualTo(list(arcOf(function).get("unreservedArc")).getFirst());
    }

    @Test
    void countsCallsPerInstanceAndArc() {
        var function = "fn-" + UUID.randomUUID();
        var servedBy = invoke(function, "RequestResponse", "{}".getBytes(StandardCharsets.UTF_8))
                .expectStatus()
                .isOk()
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getFirst(InvocationHeaders.PLACEMENT_INSTANCE);

        var metrics = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(Arrays.stream(metrics.split("\n")))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("arclight_gateway_invocations_total{")
                        .contains("arc=\"unreserved\"", "instance=\"" + servedBy + "\"", "outcome=\"answered\""));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec invoke(
            String function, String type, byte[] body) {
        return http.post()
                .uri("/2015-03-31/functions/{name}/invocations", function)
                .header("X-Api-Key", "acme-api-key")
                .header("X-Amz-Invocation-Type", type)
                .bodyValue(body)
                .exchange();
    }

    private LambdaClient client() {
        return LambdaClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDACME", "acme-secret")))
                // One call per invoke, so the test sees what the gateway answered, not a retry.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
