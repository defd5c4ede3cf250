package dev.arclight.pool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "arclight.pool.replenish.enabled=false")
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
class WorkerInventoryIntegrationTests {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @Autowired
    WorkerInventory inventory;

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void learnsOfAWorkerFromItsCapacityReportOnKafka() {
        publish("worker-a", 8192, Instant.parse("2026-11-23T10:00:00Z"));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(inventory.find("worker-a"))
                        .hasValueSatisfying(w -> assertThat(w.memoryMib()).isEqualTo(8192)));
        http.get()
                .uri("/pool/workers/worker-a")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.apiUrl")
                .isEqualTo("http://worker-a:8084");
    }

    @Test
    void keepsTheNewestReportWhenAnOlderOneArrivesLate() {
        publish("worker-b", 4096, Instant.parse("2026-11-23T10:00:05Z"));
        publish("worker-b", 1024, Instant.parse("2026-11-23T10:00:01Z"));
        publish("worker-c", 2048, Instant.parse("2026-11-23T10:00:01Z")); // marks the end of the batch

        await().atMost(Duration.ofSeconds(60))
                .until(() -> inventory.find("worker-c").isPresent());
        assertThat(inventory.find("worker-b"))
                .hasValueSatisfying(w -> assertThat(w.memoryMib()).isEqualTo(4096));
    }

    @Test
    void skipsAMalformedReportAndGoesOnWithTheNextOne() {
        kafka.publish(Topics.WORKER_CAPACITY, "worker-d", "{not json", Map.of());
        publish("worker-d", 512, Instant.parse("2026-11-23T10:00:00Z"));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> inventory.find("worker-d").isPresent());
    }

    @Test
    void keepsItsTablesInItsOwnSchemaMigratedByFlyway() {
        var tables = jdbc.queryForList(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                        + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                String.class);
        assertThat(tables)
                .contains("pool.workers", "pool.flyway_schema_history")
                .allMatch(t -> t.startsWith("pool."));
    }

    @Test
    void aReportOlderThanThisInstanceCountsAsHeardWhenItStartedListening() {
        publish("worker-e", 2048, Instant.parse("2026-11-23T10:00:00Z"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> inventory.find("worker-e").isPresent());
        // As if the report had been received by an instance that died ten minutes ago.
        jdbc.update("UPDATE pool.workers SET received_at = now() - interval '10 minutes' WHERE worker_id = 'worker-e'");

        var report = inventory.reports().stream()
                .filter(r -> r.workerId().equals("worker-e"))
                .findFirst()
                .orElseThrow();
        assertThat(report.receivedAt()).isAfter(Instant.now().minus(Duration.ofMinutes(9)));
    }

    @Test
    void answers404ForAnUnknownWorker() {
        http.get().uri("/pool/workers/nobody").exchange().expectStatus().isNotFound();
    }

    private void publish(String workerId, long memoryMib, Instant reportedAt) {
        var json = """
                {"workerId":"%s","apiUrl":"http://%s:8084","memoryMib":%d,"committedMemoryMib":0,\
                "vcpus":2,"committedVcpus":0,"vms":0,"reportedAt":"%s"}""".formatted(workerId, workerId, memoryMib, reportedAt);
        kafka.publish(Topics.WORKER_CAPACITY, workerId, json, Map.of());
    }
}
