package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.AfterMiss;
import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.ClaimVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Case (c) of the books: a VM claimed from the pool before one is booted. */
class ContainerBooksClaimTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final ContainerBooks books = new ContainerBooks(
            clock, KeepAlivePlanner.fixed(Duration.ofMinutes(10), Duration.ofMinutes(5)), 1024, true);
    final ContainerSpec app = ContainerPoolTests.spec("acme", "app", 256);

    @Test
    void aCallWithNoIdleContainerAndNoTenantVmClaimsAVmForItsRuntimeAndMemory() {
        var start = (Start) books.acquire(app);

        assertThat(start.vm()).isEqualTo(new ClaimVm("acme", "python3.11", 256));
        assertThat(books.vms())
                .singleElement()
                .satisfies(vm -> assertThat(vm.state()).isInstanceOf(VmState.Claiming.class));
    }

    @Test
    void aVmBeingClaimedTakesNoOtherContainerSoAConcurrentCallClaimsItsOwn() {
        var first = (Start) books.acquire(app);
        var second = (Start) books.acquire(app);

        assertThat(second.vm()).isInstanceOf(ClaimVm.class);
        assertThat(second.vmId()).isNotEqualTo(first.vmId());
    }

    @Test
    void aClaimedVmIsTheTenantsVmAtTheSizeThePoolGaveAndTakesItsNextContainers() {
        var first = (Start) books.acquire(app);
        var pooled = new VmHandle("w1", "pooled-1");

        assertThat(books.vmClaimed(first.vmId(), pooled, 512, List.of("python3.11")))
                .isTrue();
        books.containerStarted(first.containerId(), new ContainerHandle("w1", "pooled-1", first.containerId()));

        var second = (Start) books.acquire(ContainerPoolTests.spec("acme", "other", 256));
        assertThat(second.vm()).isEqualTo(new InRunningVm(pooled));
        var third = (Start) books.acquire(ContainerPoolTests.spec("acme", "third", 256));
        assertThat(third.vm())
                .as("512 MiB hold two 256 MiB containers, not three")
                .isInstanceOf(ClaimVm.class);
    }

    @Test
    void aMissedClaimBootsTheVmAtTheUsualSizeAndLetsConcurrentCallsJoinIt() {
        var first = (Start) books.acquire(app);

        assertThat(books.claimMissed(first)).contains(new AfterMiss(first.vmId(), new BootVm("acme", 1024)));
        var second = (Start) books.acquire(app);

        assertThat(second.vm()).isEqualTo(new AwaitBoot());
        assertThat(second.vmId()).isEqualTo(first.vmId());
    }

    @Test
    void aClaimedVmIsNeverUsedByAnotherTenant() {
        var first = (Start) books.acquire(app);
        books.vmClaimed(first.vmId(), new VmHandle("w1", "pooled-1"), 1024, List.of("python3.11"));

        var other = (Start) books.acquire(ContainerPoolTests.spec("globex", "app", 128));

        assertThat(other.vm()).isEqualTo(new ClaimVm("globex", "python3.11", 128));
    }

    @Test
    void aStartThatFailsWhileItsVmIsClaimedTakesTheVmOutWithIt() {
        var first = (Start) books.acquire(app);

        books.startFailed(first.containerId());

        assertThat(books.vms()).isEmpty();
    }

    @Test
    void aClaimAnsweredAfterShutdownIsNotKept() {
        var first = (Start) books.acquire(app);
        books.shutdown();

        assertThat(books.vmClaimed(first.vmId(), new VmHandle("w1", "late"), 512, List.of()))
                .isFalse();
        assertThat(books.claimMissed(first)).isEmpty();
    }

    @Test
    void anEmptyClaimedVmExpiresLikeABootedOne() {
        var first = (Start) books.acquire(app);
        var pooled = new VmHandle("w1", "pooled-1");
        books.vmClaimed(first.vmId(), pooled, 512, List.of("python3.11"));
        var handle = new ContainerHandle("w1", "pooled-1", first.containerId());
        assertThat(books.containerStarted(first.containerId(), handle)).isEqualTo(new Busy(handle));
        books.release(first.containerId());

        clock.advance(Duration.ofMinutes(10));
        assertThat(books.expire().stops()).hasSize(1);
        books.stopped(first.containerId());
        clock.advance(Duration.ofMinutes(5));

        assertThat(books.expire().destroys()).containsExactly(pooled);
    }
}
