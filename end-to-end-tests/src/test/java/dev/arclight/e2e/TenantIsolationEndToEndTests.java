package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two tenants on one platform, through the real SDK: neither reaches the other's functions by any
 * operation or any way of naming them, their functions never share a VM, and one tenant's flood,
 * throttled at its own account limit (4 in the end-to-end platform), leaves the other's warm
 * latency within a stated bound.
 */
class TenantIsolationEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ECHO = "def handler(event, context):\n    return event\n";
    private static final String SLEEPER =
            "import time\n\ndef handler(event, context):\n    time.sleep(1)\n    return 'slept'\n";

    private static LambdaClient local;
    private static LambdaClient other;

    @BeforeAll
    static void connect() {
        local = LambdaClients.local();
        other = LambdaClients.forTenant(TestTenants.OTHER_ACCESS_KEY, TestTenants.OTHER_SECRET);
    }

    @AfterAll
    static void disconnect() {
        local.close();
        other.close();
    }

    @Test
    void noOperationReachesAnotherTenantsFunctionByNameOrArn() throws Exception {
        var name = unique("mine");
        var arn = create(local, name, ECHO).functionArn();
        local.publishVersion(r -> r.functionName(name));
        var account = arn.split(":")[4];
        var before = local.getFunctionConfiguration(r -> r.functionName(name));

        for (var reference : List.of(name, account + ":function:" + name, arn)) {
            List<Consumer<String>> operations = List.of(
                    n -> other.getFunction(r -> r.functionName(n)),
                    n -> other.getFunctionConfiguration(r -> r.functionName(n)),
                    n -> other.updateFunctionConfiguration(
                            r -> r.functionName(n).timeout(9)),
                    n -> other.updateFunctionCode(r -> r.functionName(n).zipFile(FunctionZips.python(ECHO))),
                    n -> other.publishVersion(r -> r.functionName(n)),
                    n -> other.listVersionsByFunction(r -> r.functionName(n)),
                    n -> other.createAlias(r -> r.functionName(n).name("stolen").functionVersion("1")),
                    n -> other.listAliases(r -> r.functionName(n)),
                    n -> other.putFunctionConcurrency(r -> r.functionName(n).reservedConcurrentExecutions(1)),
                    n -> other.getFunctionConcurrency(r -> r.functionName(n)),
                    n -> other.putProvisionedConcurrencyConfig(
                            r -> r.functionName(n).qualifier("1").provisionedConcurrentExecutions(1)),
                    n -> other.invoke(r -> r.functionName(n).payload(SdkBytes.fromUtf8String("{}"))),
                    n -> other.deleteFunction(r -> r.functionName(n)));
            for (var operation : operations) {
                assertThatThrownBy(() -> operation.accept(reference))
                        .as("another tenant's call naming %s", reference)
                        .isInstanceOfSatisfying(
                                LambdaException.class,
                                e -> assertThat(e.statusCode()).isIn(403, 404));
            }
        }

        assertThat(other.listFunctions().functions())
                .noneMatch(f -> f.functionArn().equals(arn));
        var after = local.getFunctionConfiguration(r -> r.functionName(name));
        assertThat(after.revisionId()).isEqualTo(before.revisionId());
        assertThat(after.timeout()).isEqualTo(before.timeout());
        assertThat(local.listAliases(r -> r.functionName(name)).aliases()).isEmpty();
        assertThat(local.getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions())
                .isNull();
        assertThat(local.listVersionsByFunction(r -> r.functionName(name)).versions())
                .hasSize(2);
        assertThat(adminFunctions()).doesNotContain("\"tenant\":\"other\"");
    }

    @Test
    void twoTenantsFunctionsNeverShareAVm() throws Exception {
        var mine = unique("vm-mine");
        var theirs = unique("vm-theirs");
        create(local, mine, ECHO);
        create(other, theirs, ECHO);
        assertThat(local.invoke(r -> r.functionName(mine).payload(SdkBytes.fromUtf8String("{\"a\":1}")))
                        .statusCode())
                .isEqualTo(200);
        assertThat(other.invoke(r -> r.functionName(theirs).payload(SdkBytes.fromUtf8String("{\"b\":2}")))
                        .statusCode())
                .isEqualTo(200);

        var vms = JSON.readTree(get(Platform.get().workerUrl().resolve("/vms")));
        int checked = 0;
        for (var vm : vms) {
            var accounts = new java.util.HashSet<String>();
            for (var container : vm.path("containers")) {
                accounts.add(container.path("functionArn").asString().split(":")[4]);
            }
            assertThat(accounts)
                    .as("accounts in VM %s", vm.path("vmId").asString())
                    .hasSizeLessThanOrEqualTo(1);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void oneTenantsThrottledFloodKeepsTheOthersWarmLatencyWithinBound() throws Exception {
        var mine = unique("quiet");
        var theirs = unique("flood");
        create(local, mine, ECHO);
        create(other, theirs, SLEEPER);
        invokeEcho(mine); // cold starts out of the way: the bound is about a warm call
        var warmUps = new ArrayList<Future<Integer>>();
        try (var warmUp = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                warmUps.add(warmUp.submit(
                        () -> other.invoke(r -> r.functionName(theirs).payload(SdkBytes.fromUtf8String("{}")))
                                .statusCode()));
            }
        }
        for (var warmUp : warmUps) {
            // Four warm containers: the flood, held at 4 at a time, then starts none of its own.
            assertThat(warmUp.get())
                    .as("a warm-up call of the flooding function")
                    .isEqualTo(200);
        }
        // The warm-ups' claims set the pool refilling; its boots (a core each under TCG) are not the
        // flood this test is about.
        boolean poolIdle = WarmPool.awaitIdle(Duration.ofMinutes(3));
        var quiet = latencies(mine, 15);

        var flooding = new AtomicBoolean(true);
        var throttled = new AtomicInteger();
        var served = new AtomicInteger();
        try (var flood = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                flood.submit(() -> {
                    while (flooding.get()) {
                        try {
                            other.invoke(r -> r.functionName(theirs).payload(SdkBytes.fromUtf8String("{}")));
                            served.incrementAndGet();
                        } catch (TooManyRequestsException e) {
                            throttled.incrementAndGet();
                            // An impatient client: far sooner than the Retry-After it was given.
                            Thread.sleep(100);
                        } catch (RuntimeException e) {
                            // a cold start may time out under the flood; the bound is about the other tenant
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(2_000);
            var loud = latencies(mine, 15);
            int bootingAfter = WarmPool.booting();
            if (!poolIdle || bootingAfter > 0) {
                // A pool boot took a core during the measurement (seen 2026-12-03: the bound missed by
                // 2 ms while one ran); the bound is about the flood, so measure once more, flood still
                // on, when the pool boots nothing.
                WarmPool.awaitIdle(Duration.ofMinutes(2));
                loud = latencies(mine, 15);
                bootingAfter = WarmPool.booting();
            }
            flooding.set(false);

            assertThat(throttled.get())
                    .as("the flood met its own account limit")
                    .isPositive();
            long quietP50 = median(quiet);
            long loudP50 = median(loud);
            System.out.printf(
                    "tenant flood: local warm p50 %d ms quiet, %d ms during the flood (%d served, %d throttled)%n",
                    quietP50, loudP50, served.get(), throttled.get());
            // The stated bound (docs/operations.md, threat model): at most 3x the quiet median plus
            // 250 ms on this 2-core machine under software emulation.
            assertThat(loudP50)
                    .as(
                            "local's warm p50 %d ms during the flood vs %d ms before (pool idle before: %s,"
                                    + " booting after: %d; during the flood %s)",
                            loudP50, quietP50, poolIdle, bootingAfter, loud)
                    .isLessThanOrEqualTo(3 * quietP50 + 250);
        }
    }

    private static List<Long> latencies(String name, int calls) {
        var millis = new ArrayList<Long>();
        for (int i = 0; i < calls; i++) {
            long began = System.nanoTime();
            invokeEcho(name);
            millis.add(Duration.ofNanos(System.nanoTime() - began).toMillis());
        }
        return millis;
    }

    private static void invokeEcho(String name) {
        var answer = local.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{\"x\":1}")));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.functionError()).isNull();
    }

    private static long median(List<Long> values) {
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static software.amazon.awssdk.services.lambda.model.CreateFunctionResponse create(
            LambdaClient client, String name, String source) {
        return client.createFunction(r -> r.functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(FunctionZips.python(source))));
    }

    private static String adminFunctions() throws Exception {
        var request = HttpRequest.newBuilder(Platform.get().gatewayUrl().resolve("/admin/functions"))
                .header("X-Api-Key", TestTenants.LOCAL_API_KEY)
                .timeout(Duration.ofSeconds(10))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
