package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.RealWorker;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.worker.WorkerInventory;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.RestClient;

/**
 * The pool against a real worker-service booting real VMs: the pool boots a warm VM on it, a claim
 * hands that VM to a tenant and grows it, and the worker itself says so. Skipped where no worker
 * can run (jar not built, no guest image, no libvirt). Slow under TCG: one boot, 15-40 s.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.pool.replenish.interval=1s",
            "arclight.pool.replenish.worker-reserve-mib=0",
            "arclight.pool.sub-pools.defaults[0].id=unused",
            "arclight.pool.sub-pools.defaults[0].runtimes[0]=provided",
            "arclight.pool.sub-pools.defaults[0].memory-mib=128",
            "arclight.pool.sub-pools.defaults[0].min-size=0",
            "arclight.pool.sub-pools.defaults[0].max-size=0"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RealWorkerClaimIntegrationTests {

    private static RealWorker worker;

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PooledVms vms;

    @Autowired
    WorkerInventory inventory;

    @BeforeAll
    static void startWorker() {
        var unavailable = RealWorker.unavailable();
        Assumptions.assumeTrue(unavailable == null, () -> "no real worker here: " + unavailable);
        worker = RealWorker.start(RealInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aClaimReturnsAWarmVmThePoolBootedOnARealWorkerAndTheWorkerHandsItToTheTenant() {
        PoolFixtures.clear(jdbc);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> inventory.find(worker.id).isPresent());
        http.put()
                .uri("/sub-pools/real-python")
                .body(new SubPoolRequest(List.of("python3.11"), 512L, null, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();

        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(vms.active())
                        .filteredOn(vm -> vm.lifecycle().name().equals("warm"))
                        .extracting(PooledVm::workerId)
                        .containsExactly(worker.id));

        var claimed = PoolFixtures.claimOverHttp(http, "tenant-a", "python3.11", 1024);

        assertThat(claimed.workerId()).isEqualTo(worker.id);
        assertThat(claimed.resized()).isTrue();
        assertThat(claimed.memoryMib()).isEqualTo(1024);
        var onWorker = RestClient.create(worker.url().toString())
                .get()
                .uri("/vms/{id}", claimed.vmId())
                .retrieve()
                .body(VmView.class);
        assertThat(onWorker.tenant()).isEqualTo("tenant-a");
        assertThat(onWorker.memoryMib()).isEqualTo(1024);
        assertThat(onWorker.maxMemoryMib()).isEqualTo(2048);
        assertThat(onWorker.state()).isEqualTo("running");

        http.delete().uri("/sub-pools/real-python").exchange().expectStatus().isNoContent();
        RestClient.create(worker.url().toString())
                .delete()
                .uri("/vms/{id}", claimed.vmId())
                .retrieve()
                .toBodilessEntity();
    }
}
