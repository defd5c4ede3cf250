package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.RealWorkerPoolTest;
import dev.arclight.pool.vm.PooledVm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The pool against a real worker-service booting real VMs: the pool boots a warm VM on it, a claim
 * hands that VM to a tenant and grows it, and the worker itself says so; a pooled VM the worker
 * loses behind the pool's back leaves the books and is replaced, while a VM of the worker's that
 * the pool never pooled is left alone. Skipped where no worker can run (no libvirt). Slow under
 * TCG: a few boots or restores, 15-40 s each.
 */
class RealWorkerClaimIntegrationTests extends RealWorkerPoolTest {

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
        assertThat(claimed.memoryMib())
                .as("the function's memory plus the worker's floor (grow-headroom-mib)")
                .isEqualTo(1024 + 160);
        var onWorker = RestClient.create(worker.url().toString())
                .get()
                .uri("/vms/{id}", claimed.vmId())
                .retrieve()
                .body(VmView.class);
        assertThat(onWorker.tenant()).isEqualTo("tenant-a");
        assertThat(onWorker.memoryMib()).isEqualTo(1024 + 160);
        assertThat(onWorker.maxMemoryMib()).isEqualTo(2048);
        assertThat(onWorker.state()).isEqualTo("running");

        http.delete().uri("/sub-pools/real-python").exchange().expectStatus().isNoContent();
        RestClient.create(worker.url().toString())
                .delete()
                .uri("/vms/{id}", claimed.vmId())
                .retrieve()
                .toBodilessEntity();
    }

    @Test
    void aPooledVmTheWorkerLostLeavesTheBooksAndIsReplacedWhileTheWorkersOtherVmsAreLeftAlone() {
        PoolFixtures.clear(jdbc);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> inventory.find(worker.id).isPresent());
        var onWorker = RestClient.create(worker.url().toString());
        // A VM of the worker's that the pool never pooled (as placement boots for a tenant).
        var foreign = "vm-foreign-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        onWorker.post()
                .uri("/vms")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new BootVmRequest(foreign, "tenant-z", 256L, 256L, 1, List.of(), "boot"))
                .retrieve()
                .toBodilessEntity();
        http.put()
                .uri("/sub-pools/real-reconcile")
                .body(new SubPoolRequest(List.of("python3.11"), 512L, null, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();
        var first = awaitOneWarmVm();

        // The worker loses it behind the pool's back (its guest died, or the worker restarted without it).
        onWorker.delete().uri("/vms/{id}", first).retrieve().toBodilessEntity();

        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(vms.find(first)).isEmpty());
        var replacement = awaitOneWarmVm();
        assertThat(replacement).isNotEqualTo(first);
        var listed = onWorker.get().uri("/vms").retrieve().body(VmView[].class);
        assertThat(listed)
                .extracting(VmView::vmId)
                .contains(foreign, replacement)
                .doesNotContain(first);

        http.delete().uri("/sub-pools/real-reconcile").exchange().expectStatus().isNoContent();
        onWorker.delete().uri("/vms/{id}", foreign).retrieve().toBodilessEntity();
    }

    private String awaitOneWarmVm() {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(vms.active())
                        .filteredOn(vm -> vm.lifecycle().name().equals("warm"))
                        .singleElement()
                        .extracting(PooledVm::workerId)
                        .isEqualTo(worker.id));
        return vms.active().stream()
                .filter(vm -> vm.lifecycle().name().equals("warm"))
                .findFirst()
                .orElseThrow()
                .vmId();
    }
}
