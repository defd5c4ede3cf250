package dev.arclight.placement.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import dev.arclight.placement.TestInvoker;
import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import dev.arclight.placement.invocation.AsyncInvocations;
import dev.arclight.placement.invocation.FunctionResolver;
import dev.arclight.placement.invocation.Invocation;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous invocations end to end inside placement: accepted onto real Kafka, consumed by the
 * group of placement consumers, run through the (stand-in) invoker, retried, dead-lettered.
 */
class AsyncInvocationsIntegrationTests extends ConcurrencyAndAsyncTestSupport {

    @Autowired
    AsyncInvocations asyncInvocations;

    @Autowired
    AsyncConfiguration.AsyncConsumers consumers;

    @Autowired
    ConcurrencyLimiter limiter;

    @Autowired
    FunctionResolver resolver;

    final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void acceptReturnsOnlyOnceTheEventIsOnTheTopic() throws Exception {
        var tenant = unique("t");
        registerFunction(tenant, "stored", null);
        var before = endOffsets();

        var requestId = asyncInvocations.accept(invocation(tenant, "stored", "{\"n\":1}"));

        // Read at once, with no waiting: the broker already counts the record as written.
        var after = endOffsets();
        assertThat(after.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(before.values().stream().mapToLong(Long::longValue).sum() + 1);
        var record = kafka.awaitRecord(
                        Topics.ASYNC_INVOCATIONS, r -> r.value().contains(requestId), Duration.ofSeconds(10))
                .orElseThrow();
        assertThat(record.key()).isEqualTo(arnOf(tenant, "stored"));
        var event = json.readTree(record.value());
        assertThat(event.path("requestId").asString()).isEqualTo(requestId);
        assertThat(event.path("tenant").asString()).isEqualTo(tenant);
        assertThat(event.path("functionName").asString()).isEqualTo("stored");
        assertThat(event.path("payload").asString()).isEqualTo("{\"n\":1}");
        assertThat(event.path("attempt").asInt()).isEqualTo(1);
        assertThat(event.path("acceptedAt").asString()).isNotEmpty();
    }

    /** The controller resolves an Event call (its one lookup) before it accepts it. */
    @Test
    void anEventForAFunctionThatDoesNotExistIsRefusedByItsResolution() {
        var tenant = unique("t");
        tenants.ensure(tenant);
        assertThatThrownBy(() -> resolver.resolve(invocation(tenant, "missing", "{}")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anEventOfATenantPlacementDoesNotKnowIsDeadLetteredAsLambdasNotFound() {
        assertThatThrownBy(() -> resolver.callerOf(unique("nobody"), "f"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: f");
    }

    @Test
    void anEventThatFailsTwiceThenSucceedsIsNotDeadLettered() throws Exception {
        var tenant = unique("t");
        registerFunction(tenant, "flaky", null);
        invoker.behave("flaky", (call, n) -> n <= 2 ? TestInvoker.failed("not yet") : TestInvoker.succeeded("{}"));

        var requestId = asyncInvocations.accept(invocation(tenant, "flaky", "{}"));

        await(() -> invoker.calls("flaky").size() == 3, Duration.ofSeconds(30));
        assertThat(invoker.calls("flaky"))
                .extracting(call -> call.invocation().requestId())
                .containsOnly(requestId);
        assertThat(kafka.awaitRecord(
                        Topics.ASYNC_INVOCATIONS_DEAD_LETTER,
                        r -> r.value().contains(requestId),
                        Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(invoker.calls("flaky")).hasSize(3);
    }

    @Test
    void anEventThatAlwaysFailsIsDeadLetteredWithItsErrorAfterThreeAttempts() throws Exception {
        var tenant = unique("t");
        registerFunction(tenant, "broken", null);
        invoker.behave("broken", (call, n) -> TestInvoker.failed("broken on call " + n));

        var requestId = asyncInvocations.accept(invocation(tenant, "broken", "{\"x\":true}"));

        var record = kafka.awaitRecord(
                        Topics.ASYNC_INVOCATIONS_DEAD_LETTER,
                        r -> r.value().contains(requestId),
                        Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("not dead-lettered"));
        assertThat(record.key()).isEqualTo(arnOf(tenant, "broken"));
        JsonNode dead = json.readTree(record.value());
        assertThat(dead.path("errorType").asString()).isEqualTo("RuntimeError");
        assertThat(dead.path("errorMessage").asString()).isEqualTo("broken on call 3");
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("failedAt").asString()).isNotEmpty();
        assertThat(dead.path("event").path("requestId").asString()).isEqualTo(requestId);
        assertThat(dead.path("event").path("payload").asString()).isEqualTo("{\"x\":true}");

        var calls = invoker.calls("broken");
        assertThat(calls).hasSize(3);
        // The configured back-off (200 ms, then 400 ms) separates the attempts.
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aThrottledEventWaitsWithoutUsingUpItsRetries() throws Exception {
        var tenant = unique("t");
        registerFunction(tenant, "throttled", 0);
        // The first two calls meet the real limiter with a reservation of 0, so they are throttled.
        invoker.behave("throttled", (call, n) -> {
            if (n <= 2) {
                limiter.acquire(tenant, arnOf(tenant, "throttled"), 0).close();
            }
            return TestInvoker.failed("failed on call " + n);
        });

        var requestId = asyncInvocations.accept(invocation(tenant, "throttled", "{}"));

        var record = kafka.awaitRecord(
                        Topics.ASYNC_INVOCATIONS_DEAD_LETTER,
                        r -> r.value().contains(requestId),
                        Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("not dead-lettered"));
        var dead = json.readTree(record.value());
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("errorMessage").asString()).isEqualTo("failed on call 5");
        assertThat(invoker.calls("throttled")).hasSize(5);
    }

    @Test
    void aRecordThatCannotBeReadIsSkippedAndTheEventsAfterItRun() throws Exception {
        var tenant = unique("t");
        registerFunction(tenant, "after-garbage", null);
        // Same key, so the same partition: the garbage is right in front of the event.
        kafka.publish(Topics.ASYNC_INVOCATIONS, arnOf(tenant, "after-garbage"), "{not json", Map.of());

        var requestId = asyncInvocations.accept(invocation(tenant, "after-garbage", "{}"));

        await(() -> invoker.calls("after-garbage").size() == 1, Duration.ofSeconds(30));
        assertThat(invoker.calls("after-garbage").getFirst().invocation().requestId())
                .isEqualTo(requestId);
    }

    @Test
    void anEventAbandonedByAStoppedConsumerRunsAgainOnAnother() throws Exception {
        var second = consumers.create("async-second");
        second.start();
        var first = consumers.main();
        var release = new CountDownLatch(1);
        try {
            var tenant = unique("t");
            registerFunction(tenant, "slow", null);
            invoker.behave("slow", (call, n) -> {
                if (n == 1) {
                    release.await(60, TimeUnit.SECONDS); // stuck until the consumer running it is stopped
                }
                return TestInvoker.succeeded("{}");
            });

            var requestId = asyncInvocations.accept(invocation(tenant, "slow", "{}"));
            await(() -> invoker.calls("slow").size() == 1, Duration.ofSeconds(30));
            var runningOn = invoker.calls("slow").getFirst().thread();
            var stuck = runningOn.startsWith(second.name()) ? second : first;
            var other = stuck == second ? first : second;

            stuck.stop(Duration.ZERO); // as if killed: the event's offset is not committed

            await(() -> invoker.calls("slow").size() == 2, Duration.ofSeconds(60));
            var rerun = invoker.calls("slow").get(1);
            assertThat(rerun.invocation().requestId()).isEqualTo(requestId);
            assertThat(rerun.thread()).startsWith(other.name());
            // Committed after the rerun: no third run, no dead letter.
            Thread.sleep(2_000);
            assertThat(invoker.calls("slow")).hasSize(2);
            assertThat(kafka.awaitRecord(
                            Topics.ASYNC_INVOCATIONS_DEAD_LETTER,
                            r -> r.value().contains(requestId),
                            Duration.ofSeconds(1)))
                    .isEmpty();
        } finally {
            release.countDown();
            first.start();
            second.stop(Duration.ofSeconds(5));
        }
    }

    private Invocation invocation(String tenant, String function, String payload) {
        var account = tenants.ensure(tenant);
        return new Invocation(
                UUID.randomUUID().toString(),
                new Caller(account.name(), account.accountId()),
                new FunctionReference(function, null),
                payload,
                false,
                null);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (var admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.kafka().bootstrapServers()))) {
            var partitions = admin
                    .describeTopics(List.of(Topics.ASYNC_INVOCATIONS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.ASYNC_INVOCATIONS)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(Topics.ASYNC_INVOCATIONS, p.partition()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
