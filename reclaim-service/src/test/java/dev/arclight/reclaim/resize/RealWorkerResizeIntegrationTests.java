package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.RealWorker;
import dev.arclight.testkit.WithRealInfrastructure;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

/**
 * Reclaim against a real worker-service (its jar, as a process of its own) and a real VM under
 * libvirt, with real Kafka and PostgreSQL: the worker's capacity reports make reclaim know it, its
 * utilization samples of a pooled VM make reclaim shrink that VM, the resize command goes through
 * {@link WorkerResizeClient} to the worker's {@code PUT /vms/{id}/memory}, the guest's balloon
 * inflates, and the worker's next sample settles the decision as {@code DONE}. Skipped where no
 * worker can run (no libvirt). Slow under TCG: one boot, 15-40 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@WithRealInfrastructure(database = "reclaim")
class RealWorkerResizeIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(RealWorkerResizeIntegrationTests.class);
    private static final String VM = "reclaimed";

    private static RealWorker worker;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startWorker() {
        var unavailable = RealWorker.unavailable();
        Assumptions.assumeTrue(unavailable == null, () -> "no real worker here: " + unavailable);
        worker = RealWorker.start("reclaim", RealInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aPooledVmOnARealWorkerIsShrunkThroughItsBalloonAndTheDecisionSettlesAsDone() {
        var api = RestClient.create(worker.url().toString());
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> api.get().uri("/vms").retrieve().toBodilessEntity() != null);
        api.post()
                .uri("/vms")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new BootVmRequest(VM, null, 512L, 512L, 1, List.of(), "boot"))
                .retrieve()
                .toBodilessEntity();

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> decision()
                        .filter(d -> !"PENDING".equals(d.get("status")) && !"APPLIED".equals(d.get("status")))
                        .isPresent());

        var decision = decision().orElseThrow();
        long target = (Long) decision.get("target_memory_mib");
        var onWorker = api.get().uri("/vms/{id}", VM).retrieve().body(VmView.class);
        log.info(
                "real worker resize: {} decided {}, applied {}, settled {} (decision to settled {} ms); worker: {} MiB",
                decision,
                decision.get("decided_at"),
                decision.get("applied_at"),
                decision.get("settled_at"),
                Duration.between(
                                ((Timestamp) decision.get("decided_at")).toInstant(),
                                ((Timestamp) decision.get("settled_at")).toInstant())
                        .toMillis(),
                onWorker.memoryMib());
        assertThat(decision.get("status")).isEqualTo("DONE");
        assertThat(decision.get("direction")).isEqualTo("SHRINK");
        assertThat(decision.get("reason")).isEqualTo("POOLED");
        assertThat(target).isBetween(160L, 511L);
        assertThat((Long) decision.get("achieved_memory_mib")).isLessThanOrEqualTo(target + 8);
        assertThat(onWorker.memoryMib()).isEqualTo(target);

        api.delete().uri("/vms/{id}", VM).retrieve().toBodilessEntity();
    }

    private java.util.Optional<Map<String, Object>> decision() {
        return jdbc
                .sql("SELECT status, direction, reason, target_memory_mib, achieved_memory_mib, decided_at,"
                        + " applied_at, settled_at FROM resize_decisions WHERE worker_id = ? AND vm_id = ?"
                        + " ORDER BY decided_at LIMIT 1")
                .params(worker.id, VM)
                .query()
                .listOfRows()
                .stream()
                .findFirst();
    }
}
