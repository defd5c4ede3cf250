package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.StandInWorker;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.testkit.MutableClock;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The learned targets (the default) follow the claims placement sends over HTTP, served and missed
 * alike, and {@code /admin/pool} shows them; real PostgreSQL, a stand-in worker, a clock the test
 * moves.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "arclight.pool.replenish.enabled=false")
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "pool")
@Import(LearnedTargetsIntegrationTests.Clocks.class)
class LearnedTargetsIntegrationTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(Instant.now());
        }
    }

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PooledVms vms;

    @Autowired
    MutableClock clock;

    @Autowired
    SubPoolTargets targets;

    @Test
    void theLearnedTargetRisesWithClaims() {
        assertThat(targets).isInstanceOf(LearnedTargets.class);
        try (var worker = new StandInWorker("learn-w", 16384)) {
            PoolFixtures.subPool(jdbc, "learn-py", "python3.11", 512, "learner", 1, 4);
            PoolFixtures.warmVm(vms, "vm-learn-1", "learn-py", worker, List.of("python3.11"), 512);
            assertThat(target()).isEqualTo(1);

            PoolFixtures.claimOverHttp(http, "learner", "python3.11", 512);
            for (int i = 0; i < 5; i++) {
                http.post()
                        .uri("/claims")
                        .body(new ClaimVmRequest("learner", "python3.11", 512, "placement-0"))
                        .exchange()
                        .expectStatus()
                        .isNotFound();
            }
            assertThat(target()).as("until the minute is over").isEqualTo(1);

            clock.advance(Duration.ofMinutes(1));
            assertThat(target()).isGreaterThan(1).isLessThanOrEqualTo(4);
        } finally {
            jdbc.sql("DELETE FROM pooled_vms WHERE sub_pool_id = 'learn-py'").update();
            jdbc.sql("DELETE FROM sub_pools WHERE id = 'learn-py'").update();
        }
    }

    private int target() {
        var body = http.get()
                .uri("/admin/pool")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JsonPath.<List<Integer>>read(body, "$.subPools[?(@.id == 'learn-py')].target")
                .getFirst();
    }
}
