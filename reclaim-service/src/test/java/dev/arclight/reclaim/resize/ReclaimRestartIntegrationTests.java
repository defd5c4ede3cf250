package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.reclaim.ReclaimApplication;
import dev.arclight.reclaim.decision.Decision;
import dev.arclight.reclaim.decision.DecisionLog;
import dev.arclight.reclaim.worker.WorkerDirectory;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two reclaim-service instances one after the other, as a restart is: the first decides and is
 * stopped while its resize command is in flight (the worker has not answered), the second takes
 * over. Each run has its own consumer group and schema, so no other test's instance takes part.
 */
class ReclaimRestartIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(90);

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());
    private final Samples samples = new Samples(kafka);
    private final StandInWorker worker = new StandInWorker();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ConfigurableApplicationContext second;

    @AfterEach
    void stop() {
        worker.release.countDown();
        if (second != null) {
            second.close();
        }
        worker.close();
    }

    @Test
    void aRestartInTheMiddleNeitherLosesNorDoublesADecision() {
        var first = start();
        samples.capacity("w-restart-" + run, worker.url());
        await().atMost(WAIT)
                .until(() -> first.getBean(WorkerDirectory.class)
                        .apiUrlOf("w-restart-" + run)
                        .isPresent());
        worker.mode = StandInWorker.Mode.HOLD;
        var vm = "vm-restart-" + run;
        var tenant = "t-restart-" + run;
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        samples.idle(vm, "w-restart-" + run, tenant, 512, 74, 416, now.minusSeconds(5));
        samples.idle(vm, "w-restart-" + run, tenant, 512, 74, 416, now);
        await().atMost(WAIT).until(() -> worker.commandsFor(vm).size() == 1);

        first.close(); // the command is in flight: recorded, sent, not answered
        worker.mode = StandInWorker.Mode.ANSWER;
        worker.release.countDown();
        second = start();
        var decisions = second.getBean(DecisionLog.class);

        await().atMost(WAIT).until(() -> hasStatus(decisions, tenant, "APPLIED"));
        samples.idle(vm, "w-restart-" + run, tenant, 160, 74 + 330, 86, Instant.now());
        await().atMost(WAIT).until(() -> hasStatus(decisions, tenant, "DONE"));

        var decision = only(decisions, tenant);
        // sent twice (the first instance's command was cut off), the same decision both times
        assertThat(worker.commandsFor(vm))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.idempotencyKey()).isEqualTo(decision.idempotencyKey()))
                .allSatisfy(c -> assertThat(c.memoryMib()).isEqualTo(160));
        assertThat(decision.reclaimedMib()).isEqualTo(352);
    }

    private ConfigurableApplicationContext start() {
        var db = RealInfrastructure.postgres().databaseFor("reclaim");
        // Arguments, not default properties: those would lose to application.yml.
        return new SpringApplicationBuilder(ReclaimApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.jdbcUrl(),
                        "--spring.datasource.username=" + db.username(),
                        "--spring.datasource.password=" + db.password(),
                        "--spring.kafka.bootstrap-servers="
                                + RealInfrastructure.kafka().bootstrapServers(),
                        "--spring.kafka.consumer.group-id=reclaim-restart-" + run,
                        "--arclight.reclaim.sweep-interval=1s",
                        "--arclight.reclaim.claim-lease=3s");
    }

    private static boolean hasStatus(DecisionLog decisions, String tenant, String status) {
        var all = decisions.recentOf(tenant, 10);
        return all.size() == 1 && all.getFirst().status().equals(status);
    }

    private static Decision only(DecisionLog decisions, String tenant) {
        List<Decision> all = decisions.recentOf(tenant, 10);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
