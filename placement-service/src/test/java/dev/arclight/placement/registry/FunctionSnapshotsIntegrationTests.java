package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.placement.registry.snapshot.SnapshotRepublisher;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class FunctionSnapshotsIntegrationTests extends RegistryTestSupport {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @Autowired
    private SnapshotRepublisher republisher;

    @Test
    void publishesASnapshotAfterEachChangeAndATombstoneAfterDelete() {
        api.create(tenant, "watched", zip("1"));
        var arn = "arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:watched";
        api.post("/2015-03-31/functions/watched/versions", tenant, Map.of());
        api.post("/2015-03-31/functions/watched/aliases", tenant, Map.of("Name", "live", "FunctionVersion", "1"));
        api.put("/2017-10-31/functions/watched/concurrency", tenant, Map.of("ReservedConcurrentExecutions", 10));

        var latest = kafka.awaitRecord(
                Topics.FUNCTION_CONFIGURATIONS,
                record -> arn.equals(record.key())
                        && record.value() != null
                        && LambdaApi.JSON
                                        .readTree(record.value())
                                        .path("revision")
                                        .asLong()
                                == 4,
                Duration.ofSeconds(30));

        assertThat(latest).isPresent();
        var snapshot = LambdaApi.JSON.readTree(latest.get().value());
        assertThat(snapshot.path("tenant").asString()).isEqualTo(tenant);
        assertThat(snapshot.path("functionArn").asString()).isEqualTo(arn);
        assertThat(snapshot.path("runtime").asString()).isEqualTo("python3.11");
        assertThat(snapshot.path("memoryMib").asInt()).isEqualTo(128);
        assertThat(snapshot.path("versions").get(0).asString()).isEqualTo("1");
        assertThat(snapshot.path("aliases").path("live").path("functionVersion").asString())
                .isEqualTo("1");
        assertThat(snapshot.path("reservedConcurrency").asInt()).isEqualTo(10);

        api.delete("/2015-03-31/functions/watched", tenant);

        var tombstone = kafka.awaitRecord(
                Topics.FUNCTION_CONFIGURATIONS,
                record -> arn.equals(record.key()) && record.value() == null,
                Duration.ofSeconds(30));
        assertThat(tombstone).isPresent();
    }

    @Test
    void publishesNothingForAWriteThatFailed() {
        api.create(tenant, "steady", zip("1"));
        var arn = "arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:steady";

        assertThat(api.put("/2015-03-31/functions/steady/configuration", tenant, Map.of("MemorySize", 1))
                        .status())
                .isEqualTo(400);
        api.put("/2015-03-31/functions/steady/configuration", tenant, Map.of("MemorySize", 256));

        // The failed update must not have used up a revision: the next good one is revision 2.
        var second = kafka.awaitRecord(
                Topics.FUNCTION_CONFIGURATIONS,
                record -> arn.equals(record.key())
                        && record.value() != null
                        && LambdaApi.JSON
                                        .readTree(record.value())
                                        .path("memoryMib")
                                        .asInt()
                                == 256,
                Duration.ofSeconds(30));
        assertThat(second).isPresent();
        assertThat(LambdaApi.JSON
                        .readTree(second.get().value())
                        .path("revision")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void republishesTheCurrentSnapshotOfEveryFunction() {
        api.create(tenant, "republished", zip("1"));
        var arn = "arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:republished";
        assertThat(kafka.awaitRecord(
                        Topics.FUNCTION_CONFIGURATIONS,
                        record -> arn.equals(record.key()) && record.value() != null,
                        Duration.ofSeconds(30)))
                .isPresent();
        long before = System.currentTimeMillis();

        assertThat(republisher.republishNow()).isPositive();

        var again = kafka.awaitRecord(
                Topics.FUNCTION_CONFIGURATIONS,
                record -> arn.equals(record.key()) && record.value() != null && record.timestamp() >= before,
                Duration.ofSeconds(30));
        assertThat(again).isPresent();
        assertThat(LambdaApi.JSON.readTree(again.get().value()).path("revision").asLong())
                .isEqualTo(1);
    }
}
