package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.reclaim.decision.Decision;
import dev.arclight.reclaim.decision.DecisionLog;
import dev.arclight.reclaim.worker.WorkerDirectory;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The whole reclaim-service on a random port, with real Kafka and PostgreSQL, and two stand-in
 * workers; a short sweep interval, confirmation time and request timeout keep the tests short.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.reclaim.sweep-interval=1s",
            "arclight.reclaim.confirm-within=5s",
            "arclight.reclaim.worker.request-timeout=1s"
        })
// Closed after its class: a live instance in the shared consumer group would take part in
// other classes' tests.
@DirtiesContext
@WithRealInfrastructure(database = "reclaim")
abstract class ReclaimIntegrationTest {

    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());
    protected final Samples samples = new Samples(kafka);
    protected final StandInWorker worker = new StandInWorker();
    protected final StandInWorker other = new StandInWorker();

    @Autowired
    protected DecisionLog decisions;

    @Autowired
    protected WorkerDirectory directory;

    @Autowired
    protected WorkerResizeClient client;

    @LocalServerPort
    protected int port;

    @AfterEach
    void stopWorkers() {
        worker.mode = StandInWorker.Mode.ANSWER;
        worker.release.countDown();
        worker.close();
        other.close();
    }

    protected void idleTwice(String vm, String workerId, String tenant, Instant now) {
        samples.idle(vm, workerId, tenant, 512, 74, 416, now.minusSeconds(5));
        samples.idle(vm, workerId, tenant, 512, 74, 416, now);
    }

    protected void known(String workerId, StandInWorker stand) {
        samples.capacity(workerId, stand.url());
        await().atMost(WAIT).until(() -> directory.apiUrlOf(workerId).isPresent());
    }

    /** One decision about the tenant's VMs so far, and in this status. */
    protected boolean hasStatus(String tenant, String status) {
        var all = decisions.recentOf(tenant, 10);
        return all.size() == 1 && all.getFirst().status().equals(status);
    }

    protected Decision only(String tenant) {
        var all = decisions.recentOf(tenant, 10);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    /**
     * The time a stand-in worker stamps a sample with. A sample that should settle a resize is
     * taken after the resize was seen applied, as a worker's next report is: stamping it ahead of
     * the test's start instead lost the race whenever the command was applied late (a full bulkhead
     * leaves it to the sweeper, seconds later), and the settlement ignores samples older than the
     * apply.
     */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Lets whatever would still happen (a sweep, a replay) happen before counting. */
    protected static void quiet() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
