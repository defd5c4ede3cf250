package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.placement.pool.StandInPool;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Placement with claims from an HTTP stand-in of pool-service, over the stand-in worker, real
 * PostgreSQL and Kafka: each way a call finds its container, and what a pool that cannot help costs.
 */
class PoolClaimIntegrationTests extends InvocationTestSupport {

    static final StandInPool POOL = new StandInPool();

    @DynamicPropertySource
    static void standInPool(DynamicPropertyRegistry registry) {
        registry.add("arclight.placement.pool.enabled", () -> "true");
        registry.add("arclight.placement.pool.url", () -> POOL.url().toString());
        registry.add("arclight.placement.pool.claim-timeout", () -> "500ms");
        // A hanging pool would open the breaker after 5 calls; these tests count each claim.
        registry.add("resilience4j.circuitbreaker.instances.pool.minimum-number-of-calls", () -> "100");
        registry.add("resilience4j.circuitbreaker.instances.pool.sliding-window-size", () -> "100");
    }

    @AfterEach
    void emptyPool() {
        POOL.reset();
    }

    @Test
    void aPoolHitStartsTheFunctionInTheClaimedVmWithoutABoot() {
        createFunction("hit", "app.handler", 3);
        var vmId = offerVm(512);
        int boots = WORKER.boots.size();

        var reply = invoke("hit", "{\"n\":1}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"n\":1}");
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("pool");
        assertThat(WORKER.boots).hasSize(boots);
        var started = WORKER.startsOf(arn("hit", "$LATEST"));
        assertThat(started)
                .singleElement()
                .satisfies(start -> assertThat(WORKER.vmOf(start.containerId())).isEqualTo(vmId));
        assertThat(POOL.claims).singleElement().satisfies(claim -> {
            assertThat(claim.tenant()).isEqualTo(tenant);
            assertThat(claim.runtime()).isEqualTo("python3.11");
            assertThat(claim.memoryMib()).isEqualTo(128);
            assertThat(claim.claimant()).isNotBlank();
        });
        // Owned like the VMs placement boots: a crash of this instance leaves it to OrphanVms.
        assertThat(jdbc.sql("SELECT count(*) FROM vm_owners WHERE vm_id = ?")
                        .param(vmId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theTenantsNextFunctionGoesIntoTheClaimedVmAndAnIdleContainerServesWarm() {
        createFunction("first", "app.handler", 3);
        createFunction("second", "app.handler", 3);
        var vmId = offerVm(512);

        var first = invoke("first", "{}");
        var second = invoke("second", "{}");
        var again = invoke("first", "{}");

        assertThat(first.header(InvocationHeaders.START)).isEqualTo("pool");
        assertThat(second.header(InvocationHeaders.START)).isEqualTo("tenant-vm");
        assertThat(again.header(InvocationHeaders.START)).isEqualTo("warm");
        assertThat(WORKER.vmOf(
                        WORKER.startsOf(arn("second", "$LATEST")).getFirst().containerId()))
                .isEqualTo(vmId);
        assertThat(POOL.claims).hasSize(1);
    }

    @Test
    void aPoolMissBootsAVmThatPreStartsTheFunctionsRuntime() {
        createFunction("miss", "app.handler", 3);

        var reply = invoke("miss", "{}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("cold");
        assertThat(POOL.claims).hasSize(1);
        assertThat(WORKER.boots)
                .filteredOn(boot -> tenant.equals(boot.tenant()))
                .singleElement()
                .satisfies(boot -> {
                    assertThat(boot.runtimes()).containsExactly("python3.11");
                    assertThat(boot.memoryMib()).isEqualTo(1024);
                });
    }

    @Test
    void aPoolThatIsDownIsABootAtOnce() {
        createFunction("down", "app.handler", 3);
        POOL.failing = true;

        var reply = invoke("down", "{}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("cold");
    }

    @Test
    void aPoolThatDoesNotAnswerCostsTheCallOnlyTheClaimTimeoutBeforeTheBoot() {
        createFunction("stuck", "app.handler", 3);
        POOL.hanging = true;

        long began = System.nanoTime();
        var reply = invoke("stuck", "{}");
        var elapsed = Duration.ofNanos(System.nanoTime() - began);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("cold");
        // The stand-in pool hangs for 30 s; the claim gives up after its 500 ms.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClaimedVmEmptyPastItsKeepAliveIsDestroyed() {
        createFunction("expires", "app.handler", 3);
        var vmId = offerVm(512);
        assertThat(invoke("expires", "{}").header(InvocationHeaders.START)).isEqualTo("pool");

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        var containerId = WORKER.startsOf(arn("expires", "$LATEST")).getFirst().containerId();
        await().atMost(Duration.ofSeconds(10)).until(() -> WORKER.stoppedContainers.contains(containerId));
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> WORKER.destroyedVms.contains(vmId));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.sql("SELECT count(*) FROM vm_owners WHERE vm_id = ?")
                                .param(vmId)
                                .query(Integer.class)
                                .single()
                        == 0);
    }

    private String offerVm(long memoryMib) {
        var vmId = "vm-pooled-" + UUID.randomUUID().toString().substring(0, 8);
        POOL.offer(new StandInPool.Offer(vmId, "stand-in", WORKER.url(), memoryMib));
        return vmId;
    }
}
