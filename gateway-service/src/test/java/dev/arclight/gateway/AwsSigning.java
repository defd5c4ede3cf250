package dev.arclight.gateway;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK for Java v2's own SigV4 signer, as a Lambda client does. */
public final class AwsSigning {

    private AwsSigning() {}

    /**
     * The headers of {@code method uri} once signed: those given, plus what the signer adds ({@code
     * Host}, {@code X-Amz-Date}, {@code Authorization}, ...).
     */
    public static Map<String, List<String>> sign(
            String method,
            URI uri,
            Map<String, String> headers,
            byte[] body,
            String accessKeyId,
            String secret,
            Clock clock) {
        var request =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        var signed = AwsV4HttpSigner.create()
                .sign(sign -> sign.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().headers();
    }
}
