package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.lambda.LambdaException.EC2ThrottledException;
import dev.arclight.placement.worker.WorkerUnavailableException;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContainerPoolTests {

    static final Duration KEEP_ALIVE = Duration.ofMinutes(10);
    static final Duration VM_KEEP_ALIVE = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final FakeLauncher launcher = new FakeLauncher();
    final ContainerPool pool =
            new ContainerPool(launcher, clock, KEEP_ALIVE, VM_KEEP_ALIVE, 1024, Duration.ofSeconds(5), false);

    static ContainerSpec spec(String tenant, String function, int memoryMib) {
        var key = new ContainerKey(
                tenant, "arn:aws:lambda:us-east-1:123456789012:function:" + function + ":1", "1", UUID.randomUUID());
        return new ContainerSpec(key, "python3.11", "app.handler", memoryMib, 3, Map.of(), "sha");
    }

    final ContainerSpec app = spec("acme", "app", 256);

    @Test
    void startsAContainerInANewVmForTheFirstCallAndReusesItWhenIdle() {
        var first = pool.acquire(app);
        assertThat(first.cold()).isTrue();
        pool.release(first);

        var second = pool.acquire(app);

        assertThat(second.cold()).isFalse();
        assertThat(second.handle()).isEqualTo(first.handle());
        assertThat(launcher.booted).hasSize(1);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void givesEachConcurrentCallItsOwnContainerInTheTenantsVmWhileMemoryLasts() {
        var leases = new ArrayList<ContainerPool.Lease>();
        for (int i = 0; i < 4; i++) {
            leases.add(pool.acquire(app)); // 4 x 256 MiB fill one 1024 MiB VM
        }
        assertThat(leases).allMatch(ContainerPool.Lease::cold);
        assertThat(leases.stream().map(l -> l.handle().containerId()).distinct())
                .hasSize(4);
        assertThat(launcher.booted).hasSize(1);

        var fifth = pool.acquire(app);

        assertThat(launcher.booted).hasSize(2);
        assertThat(fifth.handle().vmId()).isEqualTo(launcher.booted.get(1).vmId());
    }

    @Test
    void putsAnotherVersionOfTheTenantIntoTheVmItAlreadyHolds() {
        pool.acquire(app);
        var other = pool.acquire(spec("acme", "other", 512));

        assertThat(launcher.booted).hasSize(1);
        assertThat(other.cold()).isTrue();
        assertThat(other.handle().vmId()).isEqualTo(launcher.booted.getFirst().vmId());
    }

    @Test
    void neverPutsTwoTenantsIntoOneVm() {
        var mine = pool.acquire(app);
        var theirs = pool.acquire(spec("globex", "app", 128));

        assertThat(launcher.booted).hasSize(2);
        assertThat(theirs.handle().vmId()).isNotEqualTo(mine.handle().vmId());
    }

    @Test
    void bootsAVmAsLargeAsAFunctionThatNeedsMoreThanTheUsualSize() {
        pool.acquire(spec("acme", "big", 2048));

        assertThat(launcher.bootedMemoryMib).containsExactly(2048L);
    }

    @Test
    void stopsAnIdleContainerOnlyAfterItsKeepAliveAndTheEmptyVmAfterItsOwn() {
        pool.release(pool.acquire(app));

        clock.advance(KEEP_ALIVE.minusSeconds(1));
        pool.expire();
        assertThat(launcher.stopped).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        pool.expire();
        assertThat(launcher.stopped).hasSize(1);
        assertThat(pool.containers()).isEmpty();
        assertThat(pool.vms()).hasSize(1);

        clock.advance(VM_KEEP_ALIVE.minusSeconds(1));
        pool.expire();
        assertThat(launcher.destroyed).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        pool.expire();
        assertThat(launcher.destroyed).containsExactlyElementsOf(launcher.booted);
        assertThat(pool.vms()).isEmpty();
    }

    @Test
    void expiresTheVmsOfSeveralTenantsInOneRound() {
        pool.release(pool.acquire(app));
        pool.release(pool.acquire(spec("globex", "app", 128)));
        pool.release(pool.acquire(spec("initech", "app", 128)));

        clock.advance(KEEP_ALIVE);
        pool.expire();
        clock.advance(VM_KEEP_ALIVE);
        pool.expire();

        assertThat(launcher.stopped).hasSize(3);
        assertThat(launcher.destroyed).containsExactlyInAnyOrderElementsOf(launcher.booted);
        assertThat(pool.vms()).isEmpty();
    }

    @Test
    void neverExpiresABusyContainer() {
        pool.acquire(app);

        clock.advance(KEEP_ALIVE.multipliedBy(3));
        pool.expire();

        assertThat(launcher.stopped).isEmpty();
        assertThat(launcher.destroyed).isEmpty();
        assertThat(pool.countByState().get("busy")).isEqualTo(1);
    }

    @Test
    void aCallRestartsTheKeepAliveOfTheContainerItUsed() {
        pool.release(pool.acquire(app));
        clock.advance(KEEP_ALIVE.minusMinutes(1));
        pool.release(pool.acquire(app));

        clock.advance(Duration.ofMinutes(2));
        pool.expire();

        assertThat(launcher.stopped).isEmpty();
    }

    @Test
    void keepsProvisionedContainersInitializedAndIdleBeyondTheKeepAlive() {
        int started = pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)));

        assertThat(started).isEqualTo(3);
        assertThat(pool.countByState().get("idle")).isEqualTo(3);
        assertThat(launcher.booted).hasSize(1);

        clock.advance(KEEP_ALIVE.multipliedBy(2));
        pool.expire();
        assertThat(launcher.stopped).isEmpty();
        assertThat(pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 3))))
                .isZero();

        var lease = pool.acquire(app);
        assertThat(lease.cold()).isFalse();
    }

    @Test
    void expiresOnlyTheContainersBeyondTheProvisionedCount() {
        pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)));
        var busy = new ArrayList<ContainerPool.Lease>();
        for (int i = 0; i < 3; i++) {
            busy.add(pool.acquire(app));
        }
        assertThat(busy.stream().filter(ContainerPool.Lease::cold)).hasSize(1);
        busy.forEach(pool::release);

        clock.advance(KEEP_ALIVE);
        pool.expire();

        assertThat(launcher.stopped).hasSize(1);
        assertThat(pool.containers()).hasSize(2);
    }

    @Test
    void releasesTheProvisionedContainersOfAConfigThatIsGoneAtOnce() {
        pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)));
        pool.provision(Map.of());

        assertThat(launcher.stopped).hasSize(2);
        assertThat(pool.containers()).isEmpty();
    }

    @Test
    void releasesOnlyTheSurplusIdleContainersWhenItsShareShrinks() {
        pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)));
        var busy = pool.acquire(app);
        assertThat(busy.cold()).isFalse();

        // The share drops from 3 to 1: two containers go, never the busy one.
        pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 1)));

        assertThat(launcher.stopped).hasSize(2).doesNotContain(busy.handle());
        assertThat(pool.containers())
                .singleElement()
                .satisfies(c -> assertThat(c.state()).isInstanceOf(ContainerState.Busy.class));
    }

    @Test
    void leavesContainersStartedForCallsToTheKeepAliveWhenItsShareShrinks() {
        pool.provision(Map.of(app.key(), new ProvisionedTarget(app, 1)));
        var calls = List.of(pool.acquire(app), pool.acquire(app));
        calls.forEach(pool::release);

        // 1 provisioned + 1 started for a call; the share drops to 0: only one is released now.
        pool.provision(Map.of());
        assertThat(launcher.stopped).hasSize(1);
        assertThat(pool.containers()).hasSize(1);

        clock.advance(KEEP_ALIVE);
        pool.expire();
        assertThat(pool.containers()).isEmpty();
    }

    @Test
    void dropsTheVmWhenItsWorkerCannotBeReachedAndBootsAnotherNextTime() {
        pool.release(pool.acquire(app));
        launcher.failStart = FakeLauncher.unavailable();

        assertThatThrownBy(() -> pool.acquire(spec("acme", "other", 128)))
                .isInstanceOf(WorkerUnavailableException.class);
        assertThat(pool.vms()).isEmpty();
        assertThat(pool.containers()).isEmpty();

        launcher.failStart = null;
        var lease = pool.acquire(app);
        assertThat(lease.cold()).isTrue();
        assertThat(launcher.booted).hasSize(2);
    }

    @Test
    void leavesNothingInTheBooksWhenNoVmCanBeBooted() {
        launcher.failBoot = new EC2ThrottledException("no capacity");

        assertThatThrownBy(() -> pool.acquire(app)).isInstanceOf(EC2ThrottledException.class);

        assertThat(pool.vms()).isEmpty();
        assertThat(pool.containers()).isEmpty();
    }

    @Test
    void concurrentColdCallsOfATenantWaitForTheVmBeingBootedInsteadOfBootingMore() throws Exception {
        launcher.bootGate = new CountDownLatch(1);
        List<Future<ContainerPool.Lease>> calls = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                calls.add(executor.submit(() -> pool.acquire(app)));
            }
            await().until(() -> pool.containers().size() == 3);
            launcher.bootGate.countDown();
            for (var call : calls) {
                assertThat(call.get().cold()).isTrue();
            }
        }
        assertThat(launcher.booted).hasSize(1);
        assertThat(launcher.started).hasSize(3);
    }

    @Test
    void destroysAVmThatFinishesBootingAfterShutdownAndFailsItsCall() throws Exception {
        launcher.bootGate = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var call = executor.submit(() -> pool.acquire(app));
            await().until(() -> pool.vms().size() == 1);
            pool.shutdown();
            launcher.bootGate.countDown();

            assertThatThrownBy(call::get).hasCauseInstanceOf(WorkerUnavailableException.class);
        }
        await().until(() -> launcher.destroyed.containsAll(launcher.booted));
        assertThat(launcher.booted).hasSize(1);
        assertThat(launcher.started).isEmpty();
    }

    @Test
    void discardsAFailedContainerAndStopsIt() {
        var lease = pool.acquire(app);

        pool.discard(lease);

        assertThat(pool.containers()).isEmpty();
        await().until(() -> launcher.stopped.contains(lease.handle()));
        assertThat(pool.acquire(app).cold()).isTrue();
    }

    @Test
    void destroysEveryVmItBootedOnShutdown() {
        pool.acquire(app);
        pool.acquire(spec("globex", "app", 128));

        pool.shutdown();

        assertThat(launcher.destroyed).containsExactlyInAnyOrderElementsOf(launcher.booted);
        assertThat(pool.vms()).isEmpty();
    }
}
