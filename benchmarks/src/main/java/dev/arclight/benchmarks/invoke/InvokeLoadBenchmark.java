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
import org.HdrHistogram.Histogram;
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
 * The platform's overhead on an invocation, measured against a running platform ({@code ./arclight
 * up}): an echo function called through the gateway with the AWS SDK (gateway, hash-arc routing,
 * placement, worker, guest) and, in the same run, straight on the worker's invoke endpoint for
 * the very container placement uses (worker and guest only). Calls are sequential, in alternating
 * rounds so that both paths see the same machine; the ratio of the two is what the gateway and
 * placement cost.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.arclight.benchmarks.invoke.InvokeLoadBenchmark \
 *     [gateway-url] [worker-url] [calls-per-round] [rounds]
 * </pre>
 */
public final class InvokeLoadBenchmark {

    private static final String FUNCTION = "bench-echo";
    private static final String PAYLOAD = "{\"hello\":\"arclight\",\"n\":42}";
    private static final Pattern CONTAINER =
            Pattern.compile("\"containerId\"\\s*:\\s*\"([^\"]+)\"[^}]*?\"functionArn\"\\s*:\\s*\"[^\"]*:function:"
                    + FUNCTION + "(?::[^\"]*)?\"");

    private InvokeLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        var gateway = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        var worker = URI.create(args.length > 1 ? args[1] : "http://localhost:8084");
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;

        try (var lambda = client(gateway);
                var http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()) {
            ensureFunction(lambda);
            // Warm the container (and both JITs) before anything is recorded.
            for (int i = 0; i < 50; i++) {
                throughGateway(lambda);
            }
            var container = containerOf(http, worker);
            for (int i = 0; i < 50; i++) {
                direct(http, worker, container);
            }

            var viaGateway = new Histogram(60_000_000_000L, 3);
            var viaWorker = new Histogram(60_000_000_000L, 3);
            long gatewayNanos = 0;
            long workerNanos = 0;
            for (int round = 0; round < rounds; round++) {
                gatewayNanos += time(perRound, viaGateway, () -> throughGateway(lambda));
                workerNanos += time(perRound, viaWorker, () -> direct(http, worker, container));
            }
            System.out.printf(
                    "echo function, %d sequential calls per path in %d alternating rounds%n%n",
                    perRound * rounds, rounds);
            System.out.println("| path | calls/s | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            row("gateway (AWS SDK, SigV4) -> placement -> worker -> guest", viaGateway, gatewayNanos);
            row("worker invoke endpoint -> guest (baseline)", viaWorker, workerNanos);
            System.out.printf(
                    "%nratio gateway/baseline: p50 %.2f, p99 %.2f, throughput %.2f%n",
                    ms(viaGateway, 50) / ms(viaWorker, 50),
                    ms(viaGateway, 99) / ms(viaWorker, 99),
                    (viaWorker.getTotalCount() * 1e9 / workerNanos)
                            / (viaGateway.getTotalCount() * 1e9 / gatewayNanos));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static long time(int calls, Histogram histogram, Call call) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run();
            histogram.recordValue(System.nanoTime() - t0);
        }
        return System.nanoTime() - start;
    }

    private static void row(String path, Histogram histogram, long nanos) {
        System.out.printf(
                "| %s | %.0f | %.2f | %.2f | %.2f | %.2f |%n",
                path,
                histogram.getTotalCount() * 1e9 / nanos,
                ms(histogram, 50),
                ms(histogram, 90),
                ms(histogram, 99),
                histogram.getMaxValue() / 1e6);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    private static void throughGateway(LambdaClient lambda) {
        var response = lambda.invoke(r -> r.functionName(FUNCTION).payload(SdkBytes.fromUtf8String(PAYLOAD)));
        if (response.statusCode() != 200 || response.functionError() != null) {
            throw new IllegalStateException(
                    "invoke through the gateway failed: " + response.payload().asUtf8String());
        }
    }

    private static void direct(HttpClient http, URI worker, String container) throws IOException, InterruptedException {
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
    private static String containerOf(HttpClient http, URI worker) throws IOException, InterruptedException {
        var vms =
                http.send(HttpRequest.newBuilder(worker.resolve("/vms")).build(), HttpResponse.BodyHandlers.ofString());
        var matcher = CONTAINER.matcher(vms.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no container of " + FUNCTION + " on the worker: " + vms.body());
        }
        return matcher.group(1);
    }

    private static void ensureFunction(LambdaClient lambda) {
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

    private static LambdaClient client(URI gateway) {
        return LambdaClient.builder()
                .endpointOverride(gateway)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("arclight", "arclight")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }
}
