package dev.arclight.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The AWS SDK for Java v2's Lambda client, pointed at the gateway as a user would point it. */
class AwsSdkClientIntegrationTests extends GatewayIntegrationTest {

    @Test
    void listsFunctionsAsTheTenantOfItsAccessKey() {
        try (var lambda = client("AKIDACME", "acme-secret")) {
            var marker = "m-" + UUID.randomUUID();
            lambda.listFunctions(request -> request.marker(marker).maxItems(5));

            assertThat(placement.received("/2015-03-31/functions?"))
                    .filteredOn(received -> received.uri().contains(marker))
                    .singleElement()
                    .satisfies(received ->
                            assertThat(received.header(TenantHeader.NAME)).containsExactly("acme"));
        }
    }

    @Test
    void signsABodyTheGatewayVerifies() {
        try (var lambda = client("arclight", "arclight")) {
            var name = "fn-" + UUID.randomUUID();
            lambda.invoke(request -> request.functionName(name).payload(SdkBytes.fromUtf8String("{\"a\":1}")));

            assertThat(placement.received("/2015-03-31/functions/" + name + "/invocations"))
                    .singleElement()
                    .satisfies(received -> {
                        assertThat(received.bodyBytes()).isEqualTo(7);
                        assertThat(received.header(TenantHeader.NAME)).containsExactly("local");
                    });
        }
    }

    @Test
    void seesInvalidSignatureExceptionForTheWrongSecret() {
        try (var lambda = client("arclight", "not-arclight")) {
            assertThatExceptionOfType(LambdaException.class)
                    .isThrownBy(() -> lambda.listFunctions())
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    void seesUnrecognizedClientExceptionForAnUnknownKey() {
        try (var lambda = client("AKIDNOBODY", "whatever")) {
            assertThatExceptionOfType(LambdaException.class)
                    .isThrownBy(() -> lambda.listFunctions())
                    .satisfies(
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    private LambdaClient client(String accessKeyId, String secret) {
        return LambdaClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .build();
    }
}
