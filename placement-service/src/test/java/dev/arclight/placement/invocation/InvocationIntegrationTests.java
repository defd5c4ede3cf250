package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.worker.StartContainerRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class InvocationIntegrationTests extends InvocationTestSupport {

    @Test
    void runsAFunctionAndServesTheSecondCallFromTheWarmContainer() {
        createFunction("echo", "app.handler", 3);
        int acquiredBefore = limiter.acquired.get();

        var first = invoke("echo", "{\"n\":1}");
        var second = invoke("echo", "{\"n\":2}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("n").asInt()).isEqualTo(1);
        assertThat(first.header(InvocationHeaders.START)).isEqualTo("cold");
        assertThat(first.header("X-Amz-Executed-Version")).isEqualTo("$LATEST");
        assertThat(first.header("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(first.header("X-Amz-Function-Error")).isNull();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("n").asInt()).isEqualTo(2);
        assertThat(second.header(InvocationHeaders.START)).isEqualTo("warm");
        assertThat(WORKER.startsOf(arn("echo", "$LATEST"))).hasSize(1);
        assertThat(limiter.acquired.get() - acquiredBefore).isEqualTo(2);
        assertThat(limiter.released.get()).isEqualTo(limiter.acquired.get());
    }

    @Test
    void answersAFunctionErrorWith200TheErrorHeaderAndLambdasErrorBody() {
        createFunction("broken", "error.handler", 3);

        var reply = invoke("broken", "{}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(reply.json().path("errorType").asString()).isEqualTo("ValueError");
        assertThat(reply.json().path("errorMessage").asString()).isEqualTo("bad input");
        assertThat(reply.header("X-Amz-Executed-Version")).isEqualTo("$LATEST");
    }

    @Test
    void returnsTheLogTailBase64WhenAskedFor() {
        createFunction("chatty", "app.handler", 3);

        var reply = invoke("chatty", "{}", Map.of("X-Amz-Log-Type", "Tail"));
        var plain = invoke("chatty", "{}");

        var log = new String(Base64.getDecoder().decode(reply.header("X-Amz-Log-Result")), StandardCharsets.UTF_8);
        assertThat(log).contains("hello from " + arn("chatty", "$LATEST"));
        assertThat(log).contains("REPORT RequestId: " + reply.header("x-amzn-RequestId"));
        assertThat(log).contains("Init Duration: 120.00 ms");
        assertThat(plain.header("X-Amz-Log-Result")).isNull();
    }

    @Test
    void dryRunChecksTheFunctionAndQualifierWithoutRunningIt() {
        createFunction("dry", "app.handler", 3);

        var exists = invoke("dry", "{}", Map.of("X-Amz-Invocation-Type", "DryRun"));
        var missingQualifier = call(
                HttpMethod.POST,
                "/2015-03-31/functions/dry/invocations?Qualifier=7",
                Map.of("X-Amz-Invocation-Type", "DryRun"),
                "{}");

        assertThat(exists.status()).isEqualTo(204);
        assertThat(WORKER.startsOf(arn("dry", "$LATEST"))).isEmpty();
        assertThat(missingQualifier.status()).isEqualTo(404);
        assertThat(missingQualifier.errorType()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void answers404ForAnUnknownFunction() {
        var reply = invoke("nothing-here", "{}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(reply.json().path("Type").asString()).isEqualTo("User");
    }

    @Test
    void handsAValidClientContextToTheWorkerAsItCame() {
        createFunction("context", "app.handler", 3);
        var context = java.util.Base64.getEncoder()
                .encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var reply = invoke("context", "{}", Map.of(InvocationHeaders.CLIENT_CONTEXT, context));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(WORKER.invocations)
                .filteredOn(request -> context.equals(request.clientContext()))
                .hasSize(1);
    }

    @Test
    void refusesAClientContextThatIsNotBase64OfAJsonObject() {
        createFunction("badcontext", "app.handler", 3);
        int before = WORKER.invocations.size();

        for (var context : new String[] {"not base64!", "bm90IGpzb24=", "WzEsMl0=", "e30".repeat(1200)}) {
            var reply = invoke("badcontext", "{}", Map.of(InvocationHeaders.CLIENT_CONTEXT, context));

            assertThat(reply.status()).as(context).isEqualTo(400);
            assertThat(reply.errorType()).as(context).isEqualTo("InvalidRequestContentException");
        }
        assertThat(WORKER.invocations).hasSize(before);
    }

    @Test
    void rejectsAPayloadThatIsNotJsonOrTooLarge() {
        createFunction("strict", "app.handler", 3);

        var notJson = invoke("strict", "{oops");
        var tooLarge = invoke("strict", "\"" + "x".repeat(6 * 1024 * 1024) + "\"");

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorType()).isEqualTo("InvalidRequestContentException");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorType()).isEqualTo("RequestTooLargeException");
    }

    @Test
    void aWeightedAliasRunsBothOfItsVersions() {
        createFunction("canary", "app.handler", 3);
        call(HttpMethod.POST, "/2015-03-31/functions/canary/versions", Map.of(), Map.of());
        call(HttpMethod.POST, "/2015-03-31/functions/canary/versions", Map.of(), Map.of("Description", "second"));
        // A second publish of unchanged code returns version 1 again, so change the code first.
        call(
                HttpMethod.PUT,
                "/2015-03-31/functions/canary/code",
                Map.of(),
                Map.of("ZipFile", zip("v2"), "Publish", true));
        var alias = call(
                HttpMethod.POST,
                "/2015-03-31/functions/canary/aliases",
                Map.of(),
                Map.of(
                        "Name",
                        "live",
                        "FunctionVersion",
                        "1",
                        "RoutingConfig",
                        Map.of("AdditionalVersionWeights", Map.of("2", 0.5))));
        assertThat(alias.status()).isEqualTo(201);

        Set<String> executed = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            var reply =
                    call(HttpMethod.POST, "/2015-03-31/functions/canary/invocations?Qualifier=live", Map.of(), "{}");
            assertThat(reply.status()).isEqualTo(200);
            executed.add(reply.header("X-Amz-Executed-Version"));
        }

        assertThat(executed).containsExactlyInAnyOrder("1", "2");
        assertThat(WORKER.startsOf(arn("canary", "1"))).hasSize(1);
        assertThat(WORKER.startsOf(arn("canary", "2"))).hasSize(1);
    }

    @Test
    void aWorkerThatDiesAnswersLambda502sQuicklyAndDropsTheContainer() {
        createFunction("fragile", "app.handler", 3);
        createFunction("fresh", "app.handler", 3);
        assertThat(invoke("fragile", "{}").status()).isEqualTo(200);

        WORKER.failing = true;
        long began = System.nanoTime();
        var warmCall = invoke("fragile", "{}");
        var coldCall = invoke("fresh", "{}");
        var noVm = invoke("fresh", "{}");
        var elapsed = Duration.ofNanos(System.nanoTime() - began);
        WORKER.failing = false;
        // The failures opened the worker's breaker; skip its wait instead of sleeping through it.
        var breaker = workers.client("stand-in").breaker();
        var breakerState = breaker.getState();
        breaker.reset();
        var afterwards = invoke("fragile", "{}");

        assertThat(warmCall.status()).isEqualTo(502);
        assertThat(warmCall.errorType()).isEqualTo("EC2UnexpectedException");
        assertThat(warmCall.json().path("Type").asString()).isEqualTo("Service");
        assertThat(warmCall.header("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        // The container could not be started in the tenant's VM; the VM is dropped with its worker.
        assertThat(coldCall.status()).isEqualTo(502);
        assertThat(coldCall.errorType()).isEqualTo("EC2UnexpectedException");
        // Then no worker can boot a VM: no capacity.
        assertThat(noVm.status()).isEqualTo(502);
        assertThat(noVm.errorType()).isEqualTo("EC2ThrottledException");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
        assertThat(breakerState).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(afterwards.status()).isEqualTo(200);
        assertThat(afterwards.header(InvocationHeaders.START)).isEqualTo("cold");
        assertThat(limiter.released.get()).isEqualTo(limiter.acquired.get());
    }

    @Test
    void aWorkerThatHangsIsGivenUpOnAfterTheFunctionTimeoutPlusTheMargin() {
        createFunction("stuck", "sleep.handler", 1);

        long began = System.nanoTime();
        var reply = invoke("stuck", "{}");
        var elapsed = Duration.ofNanos(System.nanoTime() - began);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.errorType()).isEqualTo("EC2UnexpectedException");
        // Timeout 1 s + margin 1 s; the container was started within the same call.
        assertThat(elapsed).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
    }

    @Test
    void stopsAnIdleContainerOnTheWorkerOnceItsKeepAliveHasPassed() {
        createFunction("brief", "app.handler", 3);
        invoke("brief", "{}");
        var containerId = WORKER.startsOf(arn("brief", "$LATEST")).getFirst().containerId();
        assertThat(WORKER.stoppedContainers).doesNotContain(containerId);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> WORKER.stoppedContainers.contains(containerId));
    }

    @Test
    void keepsProvisionedConcurrencyInitializedAndServesCallsWarmFromIt() {
        createFunction("ready", "app.handler", 3);
        call(HttpMethod.POST, "/2015-03-31/functions/ready/versions", Map.of(), Map.of());

        var put = call(
                HttpMethod.PUT,
                "/2019-09-30/functions/ready/provisioned-concurrency?Qualifier=1",
                Map.of(),
                Map.of("ProvisionedConcurrentExecutions", 3));
        assertThat(put.status()).isBetween(200, 202);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> WORKER.startsOf(arn("ready", "1")).size() == 3);
        var reply = call(HttpMethod.POST, "/2015-03-31/functions/ready/invocations?Qualifier=1", Map.of(), "{}");
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("warm");
        assertThat(WORKER.startsOf(arn("ready", "1")).stream().map(StartContainerRequest::memoryMib))
                .containsOnly(128);

        clock.advance(Duration.ofMinutes(30));
        // Give the expiry a few rounds: provisioned containers stay.
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(WORKER.stoppedContainers)
                .doesNotContainAnyElementsOf(WORKER.startsOf(arn("ready", "1")).stream()
                        .map(StartContainerRequest::containerId)
                        .toList());
    }
}
