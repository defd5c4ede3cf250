package dev.arclight.e2e;

import static dev.arclight.e2e.FunctionRegistryEndToEndTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole invocation path on real parts: the AWS SDK for Java v2, the gateway routing along hash
 * arcs to two placement instances, a worker booting real VMs (QEMU, TCG on this machine), the
 * guest agent running the function, PostgreSQL and Kafka. Cold starts under TCG take seconds, so
 * each test keeps the containers it needs few.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvocationEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static LambdaClient lambda;
    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @BeforeAll
    static void connect() {
        lambda = LambdaClients.local();
    }

    @AfterAll
    static void disconnect() {
        lambda.close();
    }

    @Test
    @Order(1)
    void runsThePythonExampleInsideTheGuestAndReusesItsWarmContainer() throws IOException {
        var name = uniqueName("py");
        create(name, Runtime.PYTHON3_11, "hello.handler", FunctionZips.example("python"));

        var cold = invoke(name, null, "{\"name\":\"e2e\"}");
        var warm = invoke(name, null, "{\"name\":\"again\"}");

        var body = json(cold);
        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(cold.functionError()).isNull();
        assertThat(cold.executedVersion()).isEqualTo("$LATEST");
        assertThat(body.path("greeting").asString()).isEqualTo("Hello, e2e!");
        assertThat(body.path("runtime").asString()).startsWith("python 3.11");
        // Ran in the guest's kernel, not the host's.
        assertThat(body.path("kernel").asString()).isNotBlank().isNotEqualTo(hostKernel());
        assertThat(new String(Base64.getDecoder().decode(cold.logResult()), StandardCharsets.UTF_8))
                .contains("greeting e2e");

        // Started for the call: in a booted VM, a claimed warm one, or one the tenant already held.
        assertThat(header(cold, InvocationHeaders.START)).isIn("cold", "pool", "tenant-vm");
        assertThat(header(warm, InvocationHeaders.START)).isEqualTo("warm");
        assertThat(json(warm).path("greeting").asString()).isEqualTo("Hello, again!");
        var instance = header(warm, InvocationHeaders.PLACEMENT_INSTANCE);
        assertThat(Platform.PLACEMENTS).contains(instance);
        assertThat(metrics(instance))
                .containsPattern("arclight_placement_invocation_latency_seconds_count\\{[^}]*start=\"warm\"");
    }

    @Test
    @Order(2)
    void runsTheNodeAndProvidedExamples() {
        var node = uniqueName("node");
        create(node, Runtime.NODEJS18_X, "index.handler", FunctionZips.example("nodejs"));
        var shell = uniqueName("shell");
        create(shell, Runtime.PROVIDED_AL2023, "bootstrap", FunctionZips.example("provided"));

        var fromNode = json(invoke(node, null, "{\"name\":\"node\"}"));
        var fromShell = json(invoke(shell, null, "{\"n\":7}"));

        assertThat(fromNode.path("greeting").asString()).isEqualTo("Hello, node!");
        assertThat(fromNode.path("runtime").asString()).startsWith("node v18");
        assertThat(fromShell.path("greeting").asString()).isEqualTo("Hello from a shell bootstrap");
        assertThat(fromShell.path("event").path("n").asInt()).isEqualTo(7);
    }

    @Test
    @Order(3)
    void reportsAFunctionErrorInLambdasShape() {
        var name = uniqueName("raise");
        createPython(name, "def handler(event, context):\n    raise ValueError('boom: ' + event['why'])\n");

        var response = invoke(name, null, "{\"why\":\"testing\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        var error = json(response);
        assertThat(error.path("errorType").asString()).isEqualTo("ValueError");
        assertThat(error.path("errorMessage").asString()).isEqualTo("boom: testing");
    }

    @Test
    @Order(4)
    void runsTheVersionThatAQualifierOrAliasNames() {
        var name = uniqueName("versions");
        createPython(name, "def handler(event, context):\n    return 'v1'\n");
        lambda.publishVersion(r -> r.functionName(name));
        lambda.updateFunctionCode(r ->
                r.functionName(name).zipFile(FunctionZips.python("def handler(event, context):\n    return 'v2'\n")));
        lambda.createAlias(r -> r.functionName(name).name("live").functionVersion("1"));

        var byVersion = invoke(name, "1", "{}");
        var byAlias = invoke(name, "live", "{}");
        var latest = invoke(name, null, "{}");

        assertThat(byVersion.executedVersion()).isEqualTo("1");
        assertThat(byVersion.payload().asUtf8String()).isEqualTo("\"v1\"");
        assertThat(byAlias.executedVersion()).isEqualTo("1");
        assertThat(byAlias.payload().asUtf8String()).isEqualTo("\"v1\"");
        assertThat(latest.executedVersion()).isEqualTo("$LATEST");
        assertThat(latest.payload().asUtf8String()).isEqualTo("\"v2\"");
    }

    @Test
    @Order(5)
    void throttlesCallsBeyondReservedConcurrencyWith429() throws Exception {
        var name = uniqueName("reserved");
        createPython(name, SLEEPER);
        lambda.putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(1));
        invoke(name, null, "{\"seconds\":0}"); // warm, so the held call below starts at once

        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            var held = CompletableFuture.supplyAsync(() -> invoke(name, null, "{\"seconds\":6}"), calls);
            Thread.sleep(2000);

            assertThatThrownBy(() -> invoke(name, null, "{\"seconds\":0}"))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                    });
            assertThat(held.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(6)
    void sendsCallsWithinTheProvisionedConcurrencyToTheReservedArcAndTheRestToTheUnreservedArc() throws Exception {
        var name = uniqueName("provisioned");
        createPython(name, SLEEPER);
        lambda.publishVersion(r -> r.functionName(name));
        lambda.putProvisionedConcurrencyConfig(
                r -> r.functionName(name).qualifier("1").provisionedConcurrentExecutions(1));
        awaitReservedArc(name);

        List<InvokeResponse> responses;
        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = CompletableFuture.supplyAsync(() -> invoke(name, "1", "{\"seconds\":4}"), calls);
            Thread.sleep(1000);
            var second = CompletableFuture.supplyAsync(() -> invoke(name, "1", "{\"seconds\":0}"), calls);
            responses = List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS));
        }

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses)
                .extracting(r -> header(r, InvocationHeaders.ARC))
                .containsExactly("reserved", "unreserved");
    }

    @Test
    @Order(7)
    void deadLettersAnAsyncEventAfterItsRetriesFail() {
        var name = uniqueName("async-fail");
        createPython(name, "def handler(event, context):\n    raise RuntimeError('always')\n");

        var accepted = invokeAsync(name, "{\"attempt\":\"me\"}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        var requestId = accepted.responseMetadata().requestId();
        var deadLetter = kafka.awaitRecord(
                Topics.ASYNC_INVOCATIONS_DEAD_LETTER,
                record -> record.value() != null && record.value().contains(requestId),
                Duration.ofSeconds(120));
        assertThat(deadLetter).isPresent();
        var failure = JSON.readTree(deadLetter.get().value());
        assertThat(failure.toString()).contains("RuntimeError").contains("always");
        assertThat(failure.path("attempts").asInt()).isEqualTo(3);
    }

    /**
     * Kills a placement instance (SIGKILL) while it holds sync calls and async events: the sync
     * calls on it fail with a Lambda 5xx instead of hanging, and every event the platform
     * acknowledged with 202 still runs (here: lands on the dead-letter topic after its retries).
     * Runs last in this class; the killed instance is started again at the end.
     */
    @Test
    @Order(8)
    void keepsExactlyTheProvisionedContainersOnTheReservedArcAndServesTheFirstCallsWarm() throws Exception {
        var name = uniqueName("pc");
        createPython(name, SLEEPER);
        lambda.publishVersion(r -> r.functionName(name));
        lambda.putProvisionedConcurrencyConfig(
                r -> r.functionName(name).qualifier("1").provisionedConcurrentExecutions(2));
        awaitReservedArc(name);
        var reservedArc = new ArrayList<String>();
        JSON.readTree(get(Platform.get().gatewayUrl().resolve("/admin/functions/" + name + "/arc"), true))
                .path("reservedArc")
                .forEach(member -> reservedArc.add(member.asString()));

        // Each instance reconciles every 10 s; a VM boot under TCG takes ~15 s.
        awaitProvisioned(name, 2, Duration.ofMinutes(4));
        // One more round on both instances changes nothing: 2 in all, not 2 each.
        Thread.sleep(12_000);
        var holdings = ProvisionedContainers.of(name, "1");
        assertThat(holdings.values().stream()
                        .mapToInt(ProvisionedContainers.Holding::total)
                        .sum())
                .as("containers across the placement instances: %s", holdings)
                .isEqualTo(2);
        assertThat(holdings.values().stream()
                        .mapToInt(ProvisionedContainers.Holding::provisioned)
                        .sum())
                .isEqualTo(2);
        holdings.forEach((instance, holding) -> {
            if (holding.total() > 0) {
                assertThat(reservedArc).as("holder %s", instance).contains(instance);
            }
        });

        List<InvokeResponse> reserved;
        InvokeResponse overflow;
        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = CompletableFuture.supplyAsync(() -> invoke(name, "1", "{\"seconds\":8}"), calls);
            var second = CompletableFuture.supplyAsync(() -> invoke(name, "1", "{\"seconds\":8}"), calls);
            Thread.sleep(3000);
            overflow = invoke(name, "1", "{\"seconds\":0}");
            reserved = List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS));
        }
        assertThat(reserved).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, InvocationHeaders.ARC)).isEqualTo("reserved");
            assertThat(header(r, InvocationHeaders.START)).isEqualTo("warm");
            assertThat(reservedArc).contains(header(r, InvocationHeaders.PLACEMENT_INSTANCE));
        });
        assertThat(overflow.statusCode()).isEqualTo(200);
        assertThat(overflow.functionError()).isNull();
        assertThat(header(overflow, InvocationHeaders.ARC)).isEqualTo("unreserved");
    }

    private static void awaitProvisioned(String name, int expected, Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ProvisionedContainers.Holding> holdings = Map.of();
        while (System.nanoTime() < deadline) {
            holdings = ProvisionedContainers.of(name, "1");
            int idle = holdings.values().stream()
                    .mapToInt(h -> h.containers().getOrDefault("idle", 0))
                    .sum();
            int all = holdings.values().stream()
                    .mapToInt(ProvisionedContainers.Holding::total)
                    .sum();
            if (idle == expected && all == expected) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("never " + expected + " idle provisioned containers of " + name + ": " + holdings);
    }

    @Test
    @Order(100)
    void killingAPlacementInstanceFailsOnlyItsInFlightCallsAndLosesNoAcceptedEvent() throws Exception {
        var victim = Platform.PLACEMENTS.getLast();
        var sleeper = functionHomedOn(victim);
        invoke(sleeper, null, "{\"seconds\":0}");
        var failing = uniqueName("async-kill");
        createPython(
                failing, "import time\ndef handler(event, context):\n    time.sleep(1)\n    raise RuntimeError('x')\n");
        var requestIds = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            var accepted = invokeAsync(failing, "{\"i\":" + i + "}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            requestIds.add(accepted.responseMetadata().requestId());
        }

        var alwaysFailing = uniqueName("async-kill-load");
        createPython(alwaysFailing, "def handler(event, context):\n    raise RuntimeError('x')\n");
        invoke(alwaysFailing, null, "{}");
        try (var calls = Executors.newVirtualThreadPerTaskExecutor();
                var load = MixedLoad.start(lambda, sleeper, "{\"seconds\":0}", alwaysFailing)) {
            var inFlight = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return invoke(sleeper, null, "{\"seconds\":20}").statusCode();
                        } catch (LambdaException e) {
                            return e.statusCode();
                        }
                    },
                    calls);
            Thread.sleep(2000);
            long killedAt = System.nanoTime();
            Platform.get().service(victim).kill();

            int status = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(status).isIn(502, 503, 504);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));
            // The loop's calls that were on the dead instance failed as fast; the rest were served,
            // after the kill by the survivor (which may first have to start a container: a boot).
            Thread.sleep(3000);
            assertThat(load.stop()).as("the load's longest call").isLessThan(Duration.ofSeconds(60));
            assertThat(load.syncStatuses()).contains(200).isSubsetOf(200, 502, 503, 504);
            load.assertNoAcknowledgedEventLost();
        }

        // The survivor takes over the dead consumer's partitions after the group's session timeout.
        assertThat(kafka.awaitValuesContaining(
                        Topics.ASYNC_INVOCATIONS_DEAD_LETTER, requestIds, Duration.ofSeconds(180)))
                .as("accepted events never dead-lettered")
                .isEmpty();
        // New calls go to the surviving instance.
        assertThat(invoke(sleeper, null, "{\"seconds\":0}").statusCode()).isEqualTo(200);
        // Back again, as a supervisor would start it: the platform is whole for the tests after.
        Platform.get().restart(victim);
        assertThat(invoke(sleeper, null, "{\"seconds\":0}").statusCode()).isEqualTo(200);
    }

    private static final String SLEEPER =
            "import time\ndef handler(event, context):\n    time.sleep(event.get('seconds', 0))\n    return 'slept'\n";

    private static void create(String name, Runtime runtime, String handler, SdkBytes zip) {
        lambda.createFunction(r -> r.functionName(name)
                .runtime(runtime)
                .handler(handler)
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(zip)));
    }

    private static void createPython(String name, String source) {
        create(name, Runtime.PYTHON3_11, "handler.handler", FunctionZips.python(source));
    }

    private static InvokeResponse invoke(String name, String qualifier, String payload) {
        return lambda.invoke(r -> r.functionName(name)
                .qualifier(qualifier)
                .logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    private static InvokeResponse invokeAsync(String name, String payload) {
        return lambda.invoke(r ->
                r.functionName(name).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static JsonNode json(InvokeResponse response) {
        return JSON.readTree(response.payload().asUtf8String());
    }

    private static String header(InvokeResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name).orElse(null);
    }

    private static String hostKernel() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    }

    private static String metrics(String placement) {
        return get(Platform.get().service(placement).baseUrl().resolve("/actuator/prometheus"), false);
    }

    /** A new sleeper function whose unreserved arc starts at {@code instance}. */
    private static String functionHomedOn(String instance) {
        for (int attempt = 0; attempt < 20; attempt++) {
            var name = uniqueName("home");
            var arc =
                    JSON.readTree(get(Platform.get().gatewayUrl().resolve("/admin/functions/" + name + "/arc"), true));
            if (arc.path("unreservedArc").path(0).asString("").equals(instance)) {
                createPython(name, SLEEPER);
                return name;
            }
        }
        throw new IllegalStateException("no function name homed on " + instance + " in 20 tries");
    }

    private static void awaitReservedArc(String name) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var arc =
                    JSON.readTree(get(Platform.get().gatewayUrl().resolve("/admin/functions/" + name + "/arc"), true));
            if (arc.path("provisioned").asInt() > 0 && !arc.path("reservedArc").isEmpty()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the gateway never saw the provisioned concurrency of " + name);
    }

    private static String get(URI uri, boolean authenticated) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("X-Api-Key", TestTenants.LOCAL_API_KEY);
        }
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("GET %s: %s", uri, response.body())
                    .isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
