package dev.arclight.e2e;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The real AWS SDK for Java v2 Lambda client, pointed at the gateway as a user would point it. */
final class LambdaClients {

    private LambdaClients() {}

    static LambdaClient forTenant(String accessKeyId, String secret) {
        return forTenant(accessKeyId, secret, Duration.ofSeconds(60));
    }

    /** A client that waits up to {@code socketTimeout} for an answer (a cold start on a loaded host). */
    static LambdaClient forTenant(String accessKeyId, String secret, Duration socketTimeout) {
        return LambdaClient.builder()
                .endpointOverride(Platform.get().gatewayUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                // Errors must reach the test as the gateway sent them, not retried into a timeout.
                .overrideConfiguration(c ->
                        c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(socketTimeout.plusSeconds(30)))
                .httpClient(
                        ApacheHttpClient.builder().socketTimeout(socketTimeout).build())
                .build();
    }

    static LambdaClient local() {
        return forTenant(TestTenants.LOCAL_ACCESS_KEY, TestTenants.LOCAL_SECRET);
    }
}
