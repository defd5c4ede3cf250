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
    void shutdownDestroysClaimedVmsToo() {
        launcher.pooledMemoryMib = 512L;
        var lease = pool.acquire(app);

        pool.shutdown();

        assertThat(launcher.destroyed)
                .extracting(VmHandle::vmId)
                .containsExactly(lease.handle().vmId());
    }
}
