package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.pool.InvocationStart;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pool's executor with claims on: how each call finds its container. */
class ContainerPoolClaimTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final FakeLauncher launcher = new FakeLauncher();
    final ContainerPool pool = new ContainerPool(
            launcher, clock, Duration.ofMinutes(10), Duration.ofMinutes(5), 1024, Duration.ofSeconds(5), true);
    final ContainerSpec app = ContainerPoolTests.spec("acme", "app", 256);

    @Test
    void aPoolHitStartsTheContainerInTheClaimedVmWithoutABoot() {
        launcher.pooledMemoryMib = 512L;

        var lease = pool.acquire(app);

        assertThat(lease.start()).isEqualTo(InvocationStart.POOL);
        assertThat(launcher.claims).containsExactly("acme/python3.11/256");
        assertThat(launcher.booted).isEmpty();
        assertThat(lease.handle().vmId()).startsWith("acme-pooled-");
        assertThat(pool.vms()).singleElement().satisfies(vm -> {
            assertThat(vm.memoryMib()).isEqualTo(512);
            assertThat(vm.state()).isInstanceOf(VmState.Running.class);
        });
    }

    @Test
    void aPoolMissBootsAVmWithTheFunctionsRuntimePreStarted() {
        var lease = pool.acquire(app);

        assertThat(lease.start()).isEqualTo(InvocationStart.COLD);
        assertThat(launcher.claims).hasSize(1);
        assertThat(launcher.booted).hasSize(1);
        assertThat(launcher.bootedRuntimes).containsExactly(java.util.List.of("python3.11"));
        assertThat(launcher.bootedMemoryMib).containsExactly(1024L);
    }

    @Test
    void theTenantsNextFunctionGoesIntoTheClaimedVmAndAnIdleContainerIsWarm() {
        launcher.pooledMemoryMib = 1024L;
        var first = pool.acquire(app);
        pool.release(first);

        var other = pool.acquire(ContainerPoolTests.spec("acme", "other", 256));
        var again = pool.acquire(app);

        assertThat(other.start()).isEqualTo(InvocationStart.TENANT_VM);
        assertThat(other.handle().vmId()).isEqualTo(first.handle().vmId());
        assertThat(again.start()).isEqualTo(InvocationStart.WARM);
        assertThat(launcher.claims).hasSize(1);
    }

    @Test
    void aFunctionOfAnotherRuntimeClaimsAVmWithItsRuntimePreStartedRatherThanStartingItColdInTheTenantVm() {
        launcher.pooledMemoryMib = 1024L;
        var python = pool.acquire(app);
        pool.release(python);

        var node = pool.acquire(node("acme", 128));

        assertThat(node.start()).isEqualTo(InvocationStart.POOL);
        assertThat(node.handle().vmId()).isNotEqualTo(python.handle().vmId());
        assertThat(launcher.claims).containsExactly("acme/python3.11/256", "acme/nodejs18.x/128");
    }

    @Test
    void whenThePoolHasNoneTheFunctionOfAnotherRuntimeFallsBackToTheTenantVmWithRoomNotToABoot() {
        launcher.pooledMemoryMib = 1024L;
        var python = pool.acquire(app);
        pool.release(python);
        launcher.pooledMemoryMib = null;

        var node = pool.acquire(node("acme", 128));

        assertThat(node.start()).isEqualTo(InvocationStart.TENANT_VM);
        assertThat(node.handle().vmId()).isEqualTo(python.handle().vmId());
        assertThat(launcher.booted).isEmpty();
        assertThat(pool.vms()).hasSize(1);
    }

    private static ContainerSpec node(String tenant, int memoryMib) {
        var python = ContainerPoolTests.spec(tenant, "node-app", memoryMib);
        return new ContainerSpec(python.key(), "nodejs18.x", "index.handler", memoryMib, 3, java.util.Map.of(), "sha");
    }

    @Test
    void shutdownDestroysClaimedVmsToo() {
        launcher.pooledMemoryMib = 512L;
        var lease = pool.acquire(app);

        pool.shutdown();

        assertThat(launcher.destroyed)
                .extracting(VmHandle::vmId)
                .containsExactly(lease.handle().vmId());
    }
}
