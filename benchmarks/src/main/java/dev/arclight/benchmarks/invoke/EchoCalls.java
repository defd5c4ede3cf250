package dev.arclight.benchmarks.invoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The benchmark's calls of its echo function: through the gateway with the AWS SDK (one client,
 * kept-alive connections, enough of them for every concurrent caller), and straight on the
 * worker's invoke endpoint of one container.
 */
final class EchoCalls implements AutoCloseable {

    static final String FUNCTION = "bench-echo";
    private static final String PAYLOAD = "{\"hello\":\"arclight\",\"n\":42}";
    private static final Pattern CONTAINER =
            Pattern.compile("\"containerId\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"functionArn\"\\s*:\\s*\"[^\"]*:function:"
                    + FUNCTION + "(?::[^\"]*)?\"");

    private final LambdaClient lambda;
    private final URI worker;

    EchoCalls(URI gateway, URI worker) {
        this.worker = worker;
        this.lambda = LambdaClient.builder()
                .endpointOverride(gateway)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("arclight", "arclight")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(ApacheHttpClient.builder()
                        .maxConnections(256)
                        .socketTimeout(Duration.ofMinutes(5))
                        .build())
                .build();
    }

    void throughGateway() {
        var response = lambda.invoke(r -> r.functionName(FUNCTION).payload(SdkBytes.fromUtf8String(PAYLOAD)));
        if (response.statusCode() != 200 || response.functionError() != null) {
            throw new IllegalStateException(
                    "invoke through the gateway failed: " + response.payload().asUtf8String());
        }
    }

    void direct(HttpClient http, String container) throws IOException, InterruptedException {
        var body = "{\"requestId\":\"" + UUID.randomUUID() + "\",\"payload\":" + quote(PAYLOAD) + "}";
        var response = http.send(
                HttpRequest.newBuilder(worker.resolve("/containers/" + container + "/invocations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"success\"")) {
            throw new IllegalStateException("direct invoke failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** The container placement started for the function: the worker lists it under its VM. */
    String container(HttpClient http) throws IOException, InterruptedException {
        var vms =
                http.send(HttpRequest.newBuilder(worker.resolve("/vms")).build(), HttpResponse.BodyHandlers.ofString());
        var matcher = CONTAINER.matcher(vms.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no container of " + FUNCTION + " on the worker: " + vms.body());
        }
        return matcher.group(1);
    }

    void ensureFunction() {
        try {
            lambda.getFunction(r -> r.functionName(FUNCTION));
        } catch (ResourceNotFoundException e) {
            lambda.createFunction(r -> r.functionName(FUNCTION)
                    .runtime(Runtime.PYTHON3_11)
                    .handler("echo.handler")
                    .role("arn:aws:iam::000000000000:role/bench")
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(echoZip()))));
        }
    }

    private static byte[] echoZip() {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("echo.py"));
            zip.write("def handler(event, context):\n    return event\n".getBytes());
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        lambda.close();
    }
}
