package dev.arclight.pool.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.StandInWorker;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.testkit.WithRealInfrastructure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arclight.pool.replenish.enabled=false", "arclight.pool.sub-pools.max-size=8"})
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
class PoolAdminIntegrationTests {

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PooledVms vms;

    @Test
    void seedsTheLocalStacksDefaultSubPoolsAtStart() {
        // This class's context is the first with these properties, so its start seeded them.
        http.get()
                .uri("/sub-pools")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.id == 'python3-11-512')].runtime")
                .isEqualTo(List.of("python3.11"))
                .jsonPath("$[?(@.id == 'nodejs18-x-512')].memoryMib")
                .isEqualTo(List.of(512))
                .jsonPath("$[?(@.id == 'nodejs18-x-512')].minSize")
                .isEqualTo(List.of(1))
                .jsonPath("$[?(@.id == 'nodejs18-x-512')].maxSize")
                .isEqualTo(List.of(2));
        assertThat(jdbc.sql("SELECT max_memory_mib FROM sub_pools WHERE id = 'python3-11-512'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2048);
    }

    @Test
    void putCreatesThenReplacesASubPool() {
        http.put()
                .uri("/sub-pools/admin-py")
                .body(new SubPoolRequest(List.of("python3.11", "provided"), 1024L, "tenant-a", 1, 3))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo("admin-py")
                .jsonPath("$.runtimes")
                .isEqualTo(List.of("python3.11", "provided"))
                .jsonPath("$.runtime")
                .isEqualTo("python3.11")
                .jsonPath("$.tenant")
                .isEqualTo("tenant-a")
                .jsonPath("$.target")
                .isEqualTo(1)
                .jsonPath("$.warm")
                .isEqualTo(0)
                .jsonPath("$.shortfall")
                .isEqualTo(0);
        http.put()
                .uri("/sub-pools/admin-py")
                .body(new SubPoolRequest(List.of("python3.11"), 1024L, null, 2, 3))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .doesNotExist()
                .jsonPath("$.minSize")
                .isEqualTo(2);
        http.get().uri("/sub-pools/admin-py").exchange().expectStatus().isOk();
    }

    @Test
    void refusesAnInvalidSubPoolWithA400SayingWhy() {
        record Case(String id, String body, String says) {}
        for (var c : List.of(
                new Case(
                        "bad-runtime",
                        "{\"runtimes\":[\"java8\"],\"memoryMib\":512,\"minSize\":1,\"maxSize\":2}",
                        "java8"),
                new Case("no-runtime", "{\"runtimes\":[],\"memoryMib\":512,\"minSize\":1,\"maxSize\":2}", "runtimes"),
                new Case(
                        "twice",
                        "{\"runtimes\":[\"provided\",\"provided\"],\"memoryMib\":512,\"minSize\":1,\"maxSize\":2}",
                        "twice"),
                new Case(
                        "small",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":64,\"minSize\":1,\"maxSize\":2}",
                        "memoryMib"),
                new Case(
                        "big",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":10241,\"minSize\":1,\"maxSize\":2}",
                        "memoryMib"),
                new Case(
                        "min-over-max",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":512,\"minSize\":3,\"maxSize\":2}",
                        "minSize"),
                new Case(
                        "negative",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":512,\"minSize\":-1,\"maxSize\":2}",
                        "minSize"),
                new Case(
                        "over-bound",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":512,\"minSize\":1,\"maxSize\":9}",
                        "8"),
                new Case("no-sizes", "{\"runtimes\":[\"provided\"],\"memoryMib\":512}", "required"),
                new Case("Bad_Id", "{\"runtimes\":[\"provided\"],\"memoryMib\":512,\"minSize\":1,\"maxSize\":2}", "id"),
                new Case(
                        "bad-tenant",
                        "{\"runtimes\":[\"provided\"],\"memoryMib\":512,\"tenant\":\"\",\"minSize\":1,\"maxSize\":2}",
                        "tenant"),
                new Case("not-json", "{runtimes", "JSON"))) {
            http.put()
                    .uri("/sub-pools/" + c.id())
                    .header("Content-Type", "application/json")
                    .body(c.body())
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("InvalidParameterValueException")
                    .jsonPath("$.message")
                    .value(String.class, m -> assertThat(m).as(c.id()).contains(c.says()));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM sub_pools WHERE id IN ('bad-runtime', 'small', 'over-bound')")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void deleteRetiresTheSubPoolsVmsAndAnUnknownOneIs404() {
        try (var worker = new StandInWorker("admin-worker", 8192)) {
            PoolFixtures.subPool(jdbc, "doomed", "nodejs18.x", 512, null, 1, 2);
            PoolFixtures.warmVm(vms, "vm-doomed", "doomed", worker, List.of("nodejs18.x"), 512);

            http.delete().uri("/sub-pools/doomed").exchange().expectStatus().isNoContent();

            assertThat(vms.find("vm-doomed").orElseThrow().lifecycle().name()).isEqualTo("retiring");
            http.get()
                    .uri("/sub-pools/doomed")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("NoSuchSubPool");
            http.delete()
                    .uri("/sub-pools/doomed")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("NoSuchSubPool");
        }
    }

    @Test
    void adminPoolAnswersTheIssuesJsonShape() {
        try (var worker = new StandInWorker("admin-shape", 8192)) {
            PoolFixtures.subPool(jdbc, "shape", "python3.11", 512, null, 2, 2);
            PoolFixtures.warmVm(vms, "vm-shape", "shape", worker, List.of("python3.11"), 512);

            http.get()
                    .uri("/admin/pool")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.subPools[?(@.id == 'shape')].runtime")
                    .isEqualTo(List.of("python3.11"))
                    .jsonPath("$.subPools[?(@.id == 'shape')].memoryMib")
                    .isEqualTo(List.of(512))
                    .jsonPath("$.subPools[?(@.id == 'shape')].target")
                    .isEqualTo(List.of(2))
                    .jsonPath("$.subPools[?(@.id == 'shape')].warm")
                    .isEqualTo(List.of(1))
                    .jsonPath("$.subPools[?(@.id == 'shape')].booting")
                    .isEqualTo(List.of(0))
                    .jsonPath("$.subPools[?(@.id == 'shape')].claimsLastMinute")
                    .isEqualTo(List.of(0))
                    .jsonPath("$.workers")
                    .isArray();
        } finally {
            jdbc.sql("DELETE FROM pooled_vms WHERE sub_pool_id = 'shape'").update();
            jdbc.sql("DELETE FROM sub_pools WHERE id = 'shape'").update();
        }
    }
}
