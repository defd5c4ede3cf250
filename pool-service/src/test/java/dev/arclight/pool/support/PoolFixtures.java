package dev.arclight.pool.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Puts books into the test database as the pool itself would write them. */
public final class PoolFixtures {

    private PoolFixtures() {}

    /** Empties the pool's books (sub-pools, VMs, workers). */
    public static void clear(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM pooled_vms").update();
        jdbc.sql("DELETE FROM sub_pools").update();
        jdbc.sql("DELETE FROM workers").update();
    }

    public static void subPool(
            JdbcClient jdbc, String id, String runtimes, long memoryMib, String tenant, int min, int max) {
        jdbc.sql(
                        "INSERT INTO sub_pools (id, runtimes, memory_mib, max_memory_mib, tenant, min_size, max_size, updated_at)"
                                + " VALUES (:id, :runtimes, :memory, :max, :tenant, :min, :maxSize, now())")
                .param("id", id)
                .param("runtimes", runtimes)
                .param("memory", memoryMib)
                .param("max", Math.max(memoryMib, 2048))
                .param("tenant", tenant)
                .param("min", min)
                .param("maxSize", max)
                .update();
    }

    /** A warm VM, booted then warmed through the books' own statements. */
    public static PooledVm warmVm(
            PooledVms vms, String vmId, String subPoolId, StandInWorker worker, List<String> runtimes, long memoryMib) {
        var vm = new PooledVm(
                vmId,
                subPoolId,
                worker.id,
                worker.url(),
                runtimes,
                memoryMib,
                Math.max(memoryMib, 2048),
                new Booting(Instant.now()));
        vms.insertBooting(vm);
        vms.markWarm(vmId, memoryMib, "boot", Instant.now());
        worker.vmMemory.put(vmId, memoryMib);
        return vms.find(vmId).orElseThrow();
    }

    /** A connection pool of its own on the pool's schema, as a second pool-service instance has. */
    public static HikariDataSource secondInstanceDataSource() {
        var db = RealInfrastructure.postgres().databaseFor("pool");
        var config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    /** {@code POST /claims} as placement sends it, expecting a 201. */
    public static ClaimedVm claimOverHttp(RestTestClient http, String tenant, String runtime, long memoryMib) {
        return http.post()
                .uri("/claims")
                .body(new ClaimVmRequest(tenant, runtime, memoryMib, "placement-0"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(ClaimedVm.class)
                .returnResult()
                .getResponseBody();
    }
}
