package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.concurrency.LiveInstances;
import dev.arclight.placement.worker.StandInWorker;
import dev.arclight.testkit.WithRealInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * VMs recorded under an instance that is gone (killed, never came back) are destroyed on their
 * worker by a live instance; a live instance's VMs are left alone; an instance's own rows from a
 * previous life go when it starts. Real PostgreSQL (the {@code vm_owners} and heartbeat rows) and a
 * stand-in worker that records what it was asked to destroy.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "arclight.placement.containers.expiry-interval=1h")
@WithRealInfrastructure(database = "placement", kafka = true)
class OrphanVmsIntegrationTests {

    static final StandInWorker WORKER = new StandInWorker();

    @Autowired
    OrphanVms orphans;

    @Autowired
    LiveInstances instances;

    @Autowired
    JdbcClient jdbc;

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

    private void own(String vmId, String instanceId) {
        jdbc.sql("INSERT INTO vm_owners (worker_id, vm_id, instance_id) VALUES ('orphan-stand-in', ?, ?)")
                .params(vmId, instanceId)
                .update();
    }

    private int owner(String vmId) {
        return jdbc.sql("SELECT count(*) FROM vm_owners WHERE vm_id = ?")
                .param(vmId)
                .query(Integer.class)
                .single();
    }
}
