package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.StandInWorker;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerApiProperties;
import dev.arclight.testkit.WithRealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "arclight.pool.replenish.enabled=false")
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
class ClaimIntegrationTests {

    private static final List<String> PYTHON = List.of("python3.11");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PooledVms vms;

    @Autowired
    RestTestClient http;

    @Autowired
    MeterRegistry meters;

    private final StandInWorker workerA = new StandInWorker("worker-a", 16384);
    private final StandInWorker workerB = new StandInWorker("worker-b", 16384);

    @BeforeEach
    void emptyBooks() {
        PoolFixtures.clear(jdbc);
    }

    @AfterEach
    void stopWorkers() {
        workerA.close();
        workerB.close();
    }

    @Test
    void claimReturnsAWarmVmAndTellsItsWorkerTheTenant() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 2);
        PoolFixtures.warmVm(vms, "vm-1", "py", workerA, PYTHON, 512);

        var claimed = PoolFixtures.claimOverHttp(http, "tenant-a", "python3.11", 256);

        assertThat(claimed.vmId()).isEqualTo("vm-1");
        assertThat(claimed.workerId()).isEqualTo("worker-a");
        assertThat(claimed.workerUrl()).isEqualTo(workerA.url());
        assertThat(claimed.subPoolId()).isEqualTo("py");
        assertThat(claimed.runtimes()).containsExactly("python3.11");
        assertThat(claimed.memoryMib()).isEqualTo(512);
        assertThat(claimed.resized()).isFalse();
        assertThat(workerA.tenants).containsEntry("vm-1", "tenant-a");
        assertThat(workerA.resizes).isEmpty();
        assertThat(vms.find("vm-1").orElseThrow().lifecycle().name()).isEqualTo("claimed");
    }

    @Test
    void aClaimWithNoFittingWarmVmIsA404NoWarmVm() {
        PoolFixtures.subPool(jdbc, "node", "nodejs18.x", 512, null, 1, 2);
        PoolFixtures.warmVm(vms, "vm-node", "node", workerA, List.of("nodejs18.x"), 512);
        double missesBefore = misses();

        http.post()
                .uri("/claims")
                .body(new ClaimVmRequest("tenant-a", "python3.11", 256, "placement-0"))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("NoWarmVm");
        http.post()
                .uri("/claims")
                .body(new ClaimVmRequest("tenant-a", "nodejs18.x", 4096, "placement-0"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(misses()).isEqualTo(missesBefore + 2);
    }

    @Test
    void aMalformedClaimIsA400InTheWorkerErrorShape() {
        for (var body : List.of(
                "{\"tenant\":\"t\",\"runtime\":\"java8\",\"memoryMib\":256}",
                "{\"tenant\":\"t\",\"runtime\":\"python3.11\",\"memoryMib\":64}",
                "{\"runtime\":\"python3.11\",\"memoryMib\":256}",
                "{not json")) {
            http.post()
                    .uri("/claims")
                    .header("Content-Type", "application/json")
                    .body(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("InvalidParameterValueException")
                    .jsonPath("$.message")
                    .isNotEmpty();
        }
    }

    @Test
    void resizeOnClaimIsRequestedWhenTheFunctionNeedsMoreMemory() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 2);
        PoolFixtures.warmVm(vms, "vm-small", "py", workerA, PYTHON, 512);

        var claimed = claims().claim(new ClaimVmRequest("tenant-a", "python3.11", 1024, "p"))
                .orElseThrow();

        assertThat(claimed.resized()).isTrue();
        assertThat(claimed.memoryMib())
                .as("the function's memory plus the worker's floor (grow-headroom-mib)")
                .isEqualTo(1024 + 160);
        assertThat(claimed.maxMemoryMib()).isEqualTo(2048);
        assertThat(workerA.resizes).containsExactly("vm-small=1184");
        assertThat(workerA.tenants).containsEntry("vm-small", "tenant-a");
    }

    @Test
    void aTenantsClaimedVmIsNeverHandedToAnotherTenant() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 4);
        PoolFixtures.subPool(jdbc, "py-reserved-a", "python3.11", 512, "tenant-a", 1, 4);
        PoolFixtures.warmVm(vms, "vm-shared", "py", workerA, PYTHON, 512);
        PoolFixtures.warmVm(vms, "vm-reserved", "py-reserved-a", workerB, PYTHON, 512);

        var first = claims().claim(new ClaimVmRequest("tenant-a", "python3.11", 256, "p"))
                .orElseThrow();
        var second = claims().claim(new ClaimVmRequest("tenant-b", "python3.11", 256, "p"))
                .orElseThrow();
        var third = claims().claim(new ClaimVmRequest("tenant-b", "python3.11", 256, "p"));
        var fourth = claims().claim(new ClaimVmRequest("tenant-a", "python3.11", 256, "p"));

        assertThat(first.vmId()).as("tenant-a's reserved sub-pool first").isEqualTo("vm-reserved");
        assertThat(second.vmId()).isEqualTo("vm-shared");
        assertThat(third).as("tenant-a's VM is not offered to tenant-b").isEmpty();
        assertThat(fourth).as("nor is tenant-b's VM to tenant-a").isEmpty();
        assertThat(workerB.tenants).containsExactly(java.util.Map.entry("vm-reserved", "tenant-a"));
        assertThat(workerA.tenants).containsExactly(java.util.Map.entry("vm-shared", "tenant-b"));
    }

    @Test
    void theDatabaseRefusesToChangeAClaimedVm() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 2);
        PoolFixtures.warmVm(vms, "vm-1", "py", workerA, PYTHON, 512);
        claims().claim(new ClaimVmRequest("tenant-a", "python3.11", 256, "p")).orElseThrow();

        assertThat(vms.retire("vm-1", "test", java.time.Instant.now())).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("UPDATE pooled_vms SET state = 'warm', tenant = NULL WHERE vm_id = 'vm-1'")
                                .update())
                .hasMessageContaining("claimed by tenant tenant-a");
    }

    @Test
    void aVmWhoseWorkerFailsTheHandOverIsWrittenOffAndTheNextOneIsClaimed() {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 2);
        PoolFixtures.warmVm(vms, "vm-a", "py", workerA, PYTHON, 512);
        PoolFixtures.warmVm(vms, "vm-b", "py", workerB, PYTHON, 1024);
        workerA.failAssigns = true; // vm-a (512 MiB) is the closer fit for 256 MiB, so it is tried first

        var claimed = claims().claim(new ClaimVmRequest("tenant-a", "python3.11", 256, "p"))
                .orElseThrow();

        assertThat(claimed.vmId()).isEqualTo("vm-b");
        assertThat(workerA.destroyed).containsExactly("vm-a");
        assertThat(vms.find("vm-a")).isEmpty();
    }

    @Test
    void claimNeverHandsTheSameVmTwiceAcrossTwoPoolInstances() throws Exception {
        PoolFixtures.subPool(jdbc, "py", "python3.11", 512, null, 1, 32);
        int warm = 30;
        for (int i = 0; i < warm; i++) {
            PoolFixtures.warmVm(vms, "vm-" + i, "py", i % 2 == 0 ? workerA : workerB, PYTHON, 512 + 128L * (i % 3));
        }
        try (var one = PoolFixtures.secondInstanceDataSource();
                var two = PoolFixtures.secondInstanceDataSource();
                var pool = Executors.newFixedThreadPool(16)) {
            var instances = List.of(claimsOn(one), claimsOn(two));
            var claimed = new ConcurrentLinkedQueue<ClaimedVm>();
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 16; t++) {
                var service = instances.get(t % 2);
                var tenant = "tenant-" + (t % 4);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        service.claim(new ClaimVmRequest(tenant, "python3.11", 512, "p"))
                                .ifPresent(claimed::add);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get();
            }
            var ids = claimed.stream().map(ClaimedVm::vmId).toList();
            assertThat(ids).doesNotHaveDuplicates().hasSize(warm);
            assertThat(workerA.assigned).doesNotHaveDuplicates();
            assertThat(workerB.assigned).doesNotHaveDuplicates();
            assertThat(workerA.assigned.size() + workerB.assigned.size()).isEqualTo(warm);
        }
    }

    private double misses() {
        var counter = meters.find("arclight.pool.claims").tag("result", "miss").counter();
        return counter == null ? 0 : counter.count();
    }

    @Autowired
    ClaimService claimService;

    private ClaimService claims() {
        return claimService;
    }

    /** A second pool-service instance's claims: its own connection pool, its own HTTP client. */
    private ClaimService claimsOn(HikariDataSource dataSource) {
        var clock = Clock.systemUTC();
        return new ClaimService(
                new PooledVms(JdbcClient.create(dataSource)),
                new WorkerApi(
                        new WorkerApiProperties(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10))),
                new ClaimDecision(clock, Duration.ofHours(1)),
                clock,
                new PoolMetrics(new SimpleMeterRegistry()),
                3);
    }
}
