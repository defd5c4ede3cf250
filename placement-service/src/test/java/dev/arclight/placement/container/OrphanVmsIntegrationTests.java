package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.concurrency.LiveInstances;
import dev.arclight.placement.pool.PoolProperties;
import dev.arclight.placement.worker.StandInWorker;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.testkit.MutableClock;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * VMs recorded under an instance that is gone (killed, never came back) are destroyed on their
 * worker by a live instance; a live instance's VMs are left alone; an instance's own rows from a
 * previous life go when it starts; a row of this instance's that its books do not hold, and a
 * tenant VM on a worker that no row names, go once they have looked so for their grace. Real
 * PostgreSQL (the {@code vm_owners} and heartbeat rows) and a stand-in worker that lists its VMs and
 * records what it was asked to destroy; the rounds are called by the tests, on a clock they move.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "arclight.placement.containers.expiry-interval=1h")
@WithRealInfrastructure(database = "placement", kafka = true)
@Import(OrphanVmsIntegrationTests.Clocks.class)
class OrphanVmsIntegrationTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    static final StandInWorker WORKER = new StandInWorker();

    @Autowired
    OrphanVms orphans;

    @Autowired
    LiveInstances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    WorkerProperties workerProperties;

    @Autowired
    PoolProperties poolProperties;

    @DynamicPropertySource
    static void standInWorker(DynamicPropertyRegistry registry) {
        registry.add("arclight.placement.workers[0].id", () -> "orphan-stand-in");
        registry.add("arclight.placement.workers[0].url", () -> WORKER.url().toString());
    }

    @AfterAll
    static void stopWorker() {
        WORKER.close();
    }

    @Test
    void destroysTheVmsOfAnInstanceThatIsGoneAndLeavesALiveOnesAlone() {
        var ghostVm = "vm-ghost-" + UUID.randomUUID().toString().substring(0, 8);
        var mineVm = "vm-mine-" + UUID.randomUUID().toString().substring(0, 8);
        own(ghostVm, "placement-killed-" + UUID.randomUUID());
        own(mineVm, instances.self());

        orphans.reapDeadInstances();

        assertThat(WORKER.destroyedVms).contains(ghostVm).doesNotContain(mineVm);
        assertThat(owner(ghostVm)).isZero();
        assertThat(owner(mineVm)).isOne();
    }

    @Test
    void anInstanceThatStartsAgainDestroysWhatItsPreviousLifeBooted() {
        var previous = "vm-previous-" + UUID.randomUUID().toString().substring(0, 8);
        own(previous, instances.self());

        orphans.stop();
        orphans.start();

        assertThat(WORKER.destroyedVms).contains(previous);
        assertThat(owner(previous)).isZero();
    }

    @Test
    void aRowOfThisInstanceThatItsBooksDoNotHoldIsDestroyedOnceItsGraceHasPassed() {
        // As a VM whose destroy its worker did not answer: the books let it go, its row stayed.
        var lost = "vm-lost-" + UUID.randomUUID().toString().substring(0, 8);
        own(lost, instances.self());
        var grace = workerProperties.bootTimeout().plus(workerProperties.callTimeout());

        orphans.reapUnbooked();
        clock.advance(grace.minusSeconds(1));
        orphans.reapUnbooked();
        // Until then it may be a boot that has not answered yet.
        assertThat(WORKER.destroyedVms).doesNotContain(lost);
        assertThat(owner(lost)).isOne();

        clock.advance(Duration.ofSeconds(1));
        orphans.reapUnbooked();
        assertThat(WORKER.destroyedVms).contains(lost);
        assertThat(owner(lost)).isZero();
    }

    @Test
    void aTenantVmThatNoRowNamesIsDestroyedOnceItsGraceHasPassedAndOwnedOrPooledOnesAreKept() {
        // As a claimed VM whose claim never answered: the tenant's on its worker, nobody's in PostgreSQL.
        var unowned = "vm-unowned-" + UUID.randomUUID().toString().substring(0, 8);
        var owned = "vm-owned-" + UUID.randomUUID().toString().substring(0, 8);
        var pooled = "vm-pooled-" + UUID.randomUUID().toString().substring(0, 8);
        WORKER.vms.put(unowned, StandInWorker.vm(unowned, "tenant-a", 256L));
        WORKER.vms.put(owned, StandInWorker.vm(owned, "tenant-a", 256L));
        WORKER.vms.put(pooled, StandInWorker.vm(pooled, null, 256L));
        // Recorded under the worker's own id, as a claimed VM's row is (the id the pool names), while
        // this instance knows the worker by its configured id: the same VM all the same.
        own(owned, "placement-other-" + UUID.randomUUID(), "stand-in");
        var grace = poolProperties.claimLifetime().plus(workerProperties.callTimeout());

        orphans.reapUnowned();
        clock.advance(grace.minusSeconds(1));
        orphans.reapUnowned();
        assertThat(WORKER.destroyedVms).doesNotContain(unowned);

        clock.advance(Duration.ofSeconds(1));
        orphans.reapUnowned();
        assertThat(WORKER.destroyedVms).contains(unowned).doesNotContain(owned, pooled);
        assertThat(WORKER.vms).containsKeys(owned, pooled).doesNotContainKey(unowned);
    }

    private void own(String vmId, String instanceId) {
        own(vmId, instanceId, "orphan-stand-in");
    }

    private void own(String vmId, String instanceId, String workerId) {
        jdbc.sql("INSERT INTO vm_owners (worker_id, vm_id, instance_id) VALUES (?, ?, ?)")
                .params(workerId, vmId, instanceId)
                .update();
    }

    private int owner(String vmId) {
        return jdbc.sql("SELECT count(*) FROM vm_owners WHERE vm_id = ?")
                .param(vmId)
                .query(Integer.class)
                .single();
    }
}
