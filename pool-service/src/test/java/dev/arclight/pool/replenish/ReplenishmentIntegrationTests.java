package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.topic.Topics;
import dev.arclight.pool.claim.ClaimService;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.StandInWorker;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replenishment loop against stand-in workers that report their capacity on the real Kafka
 * topic. The context is closed after the class, so that its loop does not touch the books of later
 * test classes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.pool.replenish.interval=200ms",
            "arclight.pool.replenish.worker-staleness=3s",
            "arclight.pool.replenish.worker-reserve-mib=0",
            "arclight.pool.replenish.max-boots-per-worker=2",
            "arclight.pool.replenish.boot-failure-backoff=1s",
            // These tests follow the claim-rate targets; LearnedTargetsIntegrationTests the learned ones.
            "arclight.pool.targets=claim-rate"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReplenishmentIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor();
    private final StandInWorker workerA = new StandInWorker("repl-a", 16384);
    private final StandInWorker workerB = new StandInWorker("repl-b", 16384);
    private final Map<StandInWorker, Boolean> reporting = new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PooledVms vms;

    @Autowired
    ClaimService claims;

    @Autowired
    RestTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    dev.arclight.pool.subpool.SubPools subPools;

    @Autowired
    dev.arclight.pool.worker.WorkerInventory inventory;

    @Autowired
    dev.arclight.pool.worker.WorkerApi workerApi;

    @Autowired
    SubPoolTargets targets;

    @Autowired
    ReplenishProperties properties;

    @BeforeEach
    void startReporting() {
        PoolFixtures.clear(jdbc);
        reporting.put(workerA, true);
        reporting.put(workerB, true);
        reports.scheduleAtFixedRate(
                () -> reporting.forEach((worker, on) -> {
                    if (on) {
                        kafka.publish(
                                Topics.WORKER_CAPACITY,
                                worker.id,
                                JsonMapper.shared().writeValueAsString(worker.capacity()),
                                Map.of());
                    }
                }),
                0,
                500,
                TimeUnit.MILLISECONDS);
        // Both workers known before any sub-pool exists, so that the first plan sees both.
        await().atMost(WAIT)
                .until(() -> inventory.find("repl-a").isPresent()
                        && inventory.find("repl-b").isPresent());
    }

    @AfterEach
    void stop() throws InterruptedException {
        reports.shutdownNow();
        reports.awaitTermination(5, TimeUnit.SECONDS);
        PoolFixtures.clear(jdbc);
        workerA.close();
        workerB.close();
    }

    @Test
    void bootsEverySubPoolToItsMinSizeSpreadOverTheWorkers() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 2, 4);
        PoolFixtures.subPool(jdbc, "node", "nodejs18.x", 512, null, 1, 2);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(warm("py")).hasSize(2);
            assertThat(warm("node")).hasSize(1);
        });
        assertThat(warm("py")).extracting(PooledVm::workerId).containsExactlyInAnyOrder("repl-a", "repl-b");
        var boot = workerA.boots.isEmpty() ? workerB.boots.getFirst() : workerA.boots.getFirst();
        assertThat(boot.tenant()).isNull();
        assertThat(boot.maxMemoryMib()).isEqualTo(2048);
        assertThat(boot.start()).isEqualTo("restore");
        assertThat(meters.find("arclight.pool.replenishments")
                        .tag("method", "boot")
                        .timer())
                .isNotNull()
                .satisfies(t -> assertThat(t.count()).isGreaterThanOrEqualTo(3));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(meters.find("arclight.pool.vms")
                                .tags("state", "warm", "sub_pool", "py")
                                .gauge())
                        .isNotNull()
                        .satisfies(g -> assertThat(g.value()).isEqualTo(2.0)));
    }

    @Test
    void aWorkerThatStopsReportingHasItsPooledVmsReplacedOnAnotherWorker() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 2, 2);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(warm("py"))
                        .hasSize(2)
                        .extracting(PooledVm::workerId)
                        .contains("repl-a"));

        reporting.put(workerA, false);
        workerA.failing = true;

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(warm("py"))
                        .hasSize(2)
                        .extracting(PooledVm::workerId)
                        .containsOnly("repl-b"));
        http.get()
                .uri("/admin/pool")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.workers[?(@.workerId == 'repl-a')].live")
                .isEqualTo(List.of(false))
                .jsonPath("$.workers[?(@.workerId == 'repl-b')].pooledVms")
                .isEqualTo(List.of(2));
    }

    @Test
    void aClaimedVmIsReplacedAndTheTargetRisesWithTheClaimRate() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(warm("py")).hasSize(1));

        var claimed = claims.claim(new ClaimVmRequest("tenant-a", "python3.11", 256, "p"))
                .orElseThrow();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(warm("py"))
                        .hasSize(2)
                        .extracting(PooledVm::vmId)
                        .doesNotContain(claimed.vmId()));
        http.get()
                .uri("/admin/pool")
                .exchange()
                .expectBody()
                .jsonPath("$.subPools[0].target")
                .isEqualTo(2)
                .jsonPath("$.subPools[0].claimsLastMinute")
                .isEqualTo(1);
    }

    @Test
    void aFailedBootIsRetiredAndRetried() {
        workerB.failBoots = true;
        reporting.put(workerA, false);
        workerA.failing = true;
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 1);
        await().atMost(WAIT).until(() -> workerB.boots.size() >= 2);
        assertThat(warm("py")).isEmpty();

        workerB.failBoots = false;

        await().atMost(WAIT).untilAsserted(() -> assertThat(warm("py")).hasSize(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(vms.retiring()).isEmpty());
    }

    @Test
    void aShortfallNoWorkerHasRoomForShowsInTheAdminView() {
        // Each worker has 16384 MiB: one 10240 MiB VM fits on each, a third fits nowhere.
        PoolFixtures.subPool(jdbc, "huge", "python3.11", 10240, null, 3, 3);
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 1);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(warm("huge")).hasSize(2);
            assertThat(warm("py")).hasSize(1);
        });
        await().atMost(WAIT)
                .untilAsserted(() -> http.get()
                        .uri("/admin/pool")
                        .exchange()
                        .expectBody()
                        .jsonPath("$.subPools[?(@.id == 'huge')].shortfall")
                        .isEqualTo(List.of(1))
                        .jsonPath("$.subPools[?(@.id == 'py')].shortfall")
                        .isEqualTo(List.of(0)));
    }

    @Test
    void twoPoolInstancesReplenishingAtOnceNeverOvershootATarget() throws Exception {
        try (var second = PoolFixtures.secondInstanceDataSource();
                var threads = Executors.newFixedThreadPool(4)) {
            var other = new Replenisher(
                    new org.springframework.transaction.support.TransactionTemplate(
                            new org.springframework.jdbc.support.JdbcTransactionManager(second)),
                    JdbcClient.create(second),
                    subPools,
                    new PooledVms(JdbcClient.create(second)),
                    inventory,
                    workerApi,
                    targets,
                    new dev.arclight.pool.metrics.PoolMetrics(
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                    properties,
                    java.time.Clock.systemUTC());
            PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 3, 3);
            var rounds = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < 4; t++) {
                rounds.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        other.round();
                        assertThat(vms.active())
                                .filteredOn(vm -> vm.subPoolId().equals("py"))
                                .hasSizeLessThanOrEqualTo(3);
                    }
                    return null;
                }));
            }
            for (var round : rounds) {
                round.get();
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(warm("py")).hasSize(3));
            Thread.sleep(1000); // further rounds of both instances must not boot more
            assertThat(workerA.boots.size() + workerB.boots.size()).isEqualTo(3);
            other.shutdown();
        }
    }

    private List<PooledVm> warm(String subPool) {
        return vms.active().stream()
                .filter(vm -> vm.subPoolId().equals(subPool))
                .filter(vm -> vm.lifecycle().name().equals("warm"))
                .toList();
    }
}
