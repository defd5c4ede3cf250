package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.RealWorkerPoolTest;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.RealWorker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The pool against two real worker-services booting real VMs: the worker that holds the sub-pool's
 * warm VM is killed (its process, at once, as a crash would), and the pool writes that VM off once
 * the worker is stale and replaces it on the other worker. Skipped where no worker can run (no
 * libvirt). Slow under TCG: two worker starts, two VM starts and the staleness wait (about 2 min).
 */
@TestPropertySource(
        properties = {
            // Workers report every 5 s; 20 s of silence is a lost worker without waiting the default 30 s.
            "arclight.pool.replenish.worker-staleness=20s"
        })
class KilledWorkerIntegrationTests extends RealWorkerPoolTest {

    private static RealWorker other;

    @BeforeAll
    static void startTheOtherWorker() {
        // Short prefix: a VM's agent socket path, under the worker's temporary directory, must fit in 100 bytes.
        other = RealWorker.start("kwb", RealInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopTheOtherWorker() {
        if (other != null) {
            other.close();
            other = null;
        }
    }

    @Test
    void aKilledWorkersPooledVmIsWrittenOffAndReplacedOnTheOtherWorker() {
        RealWorker one = worker;
        RealWorker two = other;
        PoolFixtures.clear(jdbc);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> inventory.find(one.id).isPresent()
                        && inventory.find(two.id).isPresent());
        http.put()
                .uri("/sub-pools/killed-worker")
                .body(new SubPoolRequest(List.of("python3.11"), 512L, null, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();
        PooledVm first = awaitOneWarmVm(List.of(one.id, two.id));
        RealWorker killed = first.workerId().equals(one.id) ? one : two;
        RealWorker survivor = killed == one ? two : one;

        killed.kill();

        PooledVm replacement = awaitOneWarmVm(List.of(survivor.id));
        assertThat(replacement.vmId()).isNotEqualTo(first.vmId());
        assertThat(vms.find(first.vmId()))
                .as("the killed worker's VM is written off")
                .isEmpty();
        var listed = RestClient.create(survivor.url().toString())
                .get()
                .uri("/vms")
                .retrieve()
                .body(VmView[].class);
        assertThat(listed).extracting(VmView::vmId).contains(replacement.vmId());

        http.delete().uri("/sub-pools/killed-worker").exchange().expectStatus().isNoContent();
    }

    /** Waits until the books hold exactly one VM, warm, on one of {@code workers}. */
    private PooledVm awaitOneWarmVm(List<String> workers) {
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(vms.active()).singleElement().satisfies(vm -> {
                    assertThat(vm.lifecycle().name()).isEqualTo("warm");
                    assertThat(vm.workerId()).isIn(workers);
                }));
        return vms.active().getFirst();
    }
}
