package dev.arclight.pool.support;

import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.worker.WorkerInventory;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.RealWorker;
import dev.arclight.testkit.WithRealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The pool against one real worker-service (its jar, booting real VMs), replenishing every second,
 * with no sub-pool of its own to start with: what the real-worker tests and benchmarks share.
 * Skipped where no worker can run (no libvirt).
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
public abstract class RealWorkerPoolTest {

    protected static RealWorker worker;

    @Autowired
    protected RestTestClient http;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected PooledVms vms;

    @Autowired
    protected WorkerInventory inventory;

    @BeforeAll
    static void startWorker() {
        var unavailable = RealWorker.unavailable();
        Assumptions.assumeTrue(unavailable == null, () -> "no real worker here: " + unavailable);
        worker = RealWorker.start("pool", RealInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
