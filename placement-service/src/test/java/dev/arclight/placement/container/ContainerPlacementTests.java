package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.AfterMiss;
import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.ClaimVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerPlacement}: which VM a new container goes to, by whether the tenant's VMs keep a
 * pre-started runtime of the function's runtime, with and without claims from the pool.
 */
class ContainerPlacementTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    static ContainerSpec spec(String tenant, String runtime, int memoryMib) {
        var key = new ContainerKey(
                tenant,
                "arn:aws:lambda:us-east-1:123456789012:function:f-" + UUID.randomUUID() + ":1",
                "1",
                UUID.randomUUID());
        return new ContainerSpec(key, runtime, "app.handler", memoryMib, 3, Map.of(), "sha");
    }

    static ContainerSpec python(int memoryMib) {
        return spec("acme", "python3.11", memoryMib);
    }

    static ContainerSpec node(int memoryMib) {
        return spec("acme", "nodejs18.x", memoryMib);
    }

    ContainerBooks books(boolean claims) {
        return new ContainerBooks(
                clock, KeepAlivePlanner.fixed(Duration.ofMinutes(10), Duration.ofMinutes(5)), 1024, claims);
    }

    /** A running VM of the tenant, claimed at {@code memoryMib} with these pre-started runtimes. */
    static VmHandle claimed(ContainerBooks books, ContainerSpec first, long memoryMib, String... runtimes) {
        var start = (Start) books.acquire(first);
        assertThat(start.vm()).isInstanceOf(ClaimVm.class);
        var handle = new VmHandle("w1", "pooled-" + start.vmId());
        assertThat(books.vmClaimed(start.vmId(), handle, memoryMib, List.of(runtimes)))
                .isTrue();
        books.containerStarted(start.containerId(), new ContainerHandle("w1", handle.vmId(), start.containerId()));
        return handle;
    }

    @Nested
    class WithClaims {

        final ContainerBooks books = books(true);

        @Test
        void aTenantWithoutVmsClaimsOne() {
            var start = (Start) books.acquire(python(256));

            assertThat(start.vm()).isEqualTo(new ClaimVm("acme", "python3.11", 256));
        }

        @Test
        void aVmWithRoomAndASpareOfTheRuntimeTakesTheContainer() {
            var vm = claimed(books, python(256), 512, "python3.11");

            var start = (Start) books.acquire(python(128));

            assertThat(start.vm()).isEqualTo(new InRunningVm(vm));
        }

        @Test
        void aVmWithRoomButNoSpareOfTheRuntimeIsPassedOverForAClaim() {
            claimed(books, python(256), 512, "python3.11");

            var start = (Start) books.acquire(node(128));

            assertThat(start.vm()).isEqualTo(new ClaimVm("acme", "nodejs18.x", 128));
        }

        @Test
        void aClaimedVmThatPreStartedSeveralRuntimesHasASpareOfEach() {
            var vm = claimed(books, python(256), 1024, "python3.11", "nodejs18.x");

            var start = (Start) books.acquire(node(128));

            assertThat(start.vm()).isEqualTo(new InRunningVm(vm));
        }

        @Test
        void aVmWithASpareButNoRoomIsPassedOverForAClaim() {
            claimed(books, python(256), 512, "python3.11");

            var start = (Start) books.acquire(python(512));

            assertThat(start.vm()).isInstanceOf(ClaimVm.class);
        }

        @Test
        void aMissedClaimFallsBackToTheTenantVmWithRoomButNoSpare() {
            var pythonVm = claimed(books, python(256), 512, "python3.11");
            var start = (Start) books.acquire(node(128));

            var miss = books.claimMissed(start).orElseThrow();

            var held = books.vms().stream()
                    .filter(v -> v.handle().equals(java.util.Optional.of(pythonVm)))
                    .findFirst()
                    .orElseThrow();
            assertThat(miss).isEqualTo(new AfterMiss(held.id(), new InRunningVm(pythonVm)));
            assertThat(books.vms()).as("the VM being claimed left the books").hasSize(1);
            assertThat(books.vmOf(start.containerId())).contains(held.id());
            assertThat(books.containersIn(held.id())).isEqualTo(2);
        }

        @Test
        void aVmThatRanTheRuntimeKeepsASpareOfItSoTheNextCallOfItGoesThereAtOnce() {
            var pythonVm = claimed(books, python(256), 512, "python3.11");
            var nodeStart = (Start) books.acquire(node(128));
            books.claimMissed(nodeStart).orElseThrow();

            var next = (Start) books.acquire(node(64));

            assertThat(next.vm()).isEqualTo(new InRunningVm(pythonVm));
        }

        @Test
        void aMissedClaimWithNoTenantVmWithRoomBootsTheVmItWasClaiming() {
            claimed(books, python(512), 512, "python3.11");
            var start = (Start) books.acquire(node(128));

            var miss = books.claimMissed(start).orElseThrow();

            assertThat(miss).isEqualTo(new AfterMiss(start.vmId(), new BootVm("acme", 1024)));
            assertThat(books.vms().stream().filter(v -> v.id().equals(start.vmId())))
                    .singleElement()
                    .satisfies(v -> assertThat(v.state()).isInstanceOf(VmState.Booting.class));
        }

        @Test
        void aMissedClaimPrefersAVmWithASpareThatAppearedMeanwhile() {
            claimed(books, python(256), 512, "python3.11");
            var start = (Start) books.acquire(node(128));
            var nodeVm = claimed(books, node(128), 512, "nodejs18.x");

            var miss = books.claimMissed(start).orElseThrow();

            assertThat(miss.step()).isEqualTo(new InRunningVm(nodeVm));
        }

        @Test
        void aMissedClaimFallsBackToABootingVmOfTheTenantByWaitingForIt() {
            var first = (Start) books.acquire(python(256));
            books.claimMissed(first).orElseThrow(); // now booting, python pre-started
            var start = (Start) books.acquire(node(128));
            assertThat(start.vm()).as("the booting VM has no spare of Node.js").isInstanceOf(ClaimVm.class);

            var miss = books.claimMissed(start).orElseThrow();

            assertThat(miss).isEqualTo(new AfterMiss(first.vmId(), new AwaitBoot()));
        }

        @Test
        void aBootingVmWithASpareOfTheRuntimeIsWaitedForRatherThanClaimingAnother() {
            var first = (Start) books.acquire(python(256));
            books.claimMissed(first).orElseThrow();

            var start = (Start) books.acquire(python(128));

            assertThat(start.vm()).isEqualTo(new AwaitBoot());
            assertThat(start.vmId()).isEqualTo(first.vmId());
        }

        @Test
        void aCustomRuntimeNeedsNoSpareSoAnyTenantVmWithRoomTakesIt() {
            var vm = claimed(books, python(256), 512, "python3.11");

            var start = (Start) books.acquire(spec("acme", "provided.al2023", 128));

            assertThat(start.vm()).isEqualTo(new InRunningVm(vm));
        }

        @Test
        void anotherTenantsVmIsNeverTakenNorFallenBackTo() {
            claimed(books, python(256), 1024, "python3.11", "nodejs18.x");
            var start = (Start) books.acquire(spec("globex", "nodejs18.x", 128));
            assertThat(start.vm()).isEqualTo(new ClaimVm("globex", "nodejs18.x", 128));

            var miss = books.claimMissed(start).orElseThrow();

            assertThat(miss).isEqualTo(new AfterMiss(start.vmId(), new BootVm("globex", 1024)));
        }

        @Test
        void aVmBeingClaimedForAnotherCallIsNoFallback() {
            var other = (Start) books.acquire(python(128));
            var start = (Start) books.acquire(python(128));

            var miss = books.claimMissed(start).orElseThrow();

            assertThat(miss.vmId()).isEqualTo(start.vmId()).isNotEqualTo(other.vmId());
            assertThat(miss.step()).isInstanceOf(BootVm.class);
        }

        @Test
        void aMissReportedForAVmThatLeftTheBooksChangesNothing() {
            var start = (Start) books.acquire(node(128));
            books.startFailed(start.containerId());

            assertThat(books.claimMissed(start)).isEmpty();
            assertThat(books.vms()).isEmpty();
        }

        @Test
        void amongVmsWithASpareARunningOneComesBeforeAFullerBootingOne() {
            var booting = (Start) books.acquire(python(900));
            books.claimMissed(booting).orElseThrow(); // 1024 MiB booting, 124 left
            var running = claimed(books, python(128), 1024, "python3.11"); // 896 left

            var start = (Start) books.acquire(python(100));

            assertThat(start.vm()).isEqualTo(new InRunningVm(running));
        }

        @Test
        void amongRunningVmsWithASpareTheFullestThatFitsComesFirst() {
            var roomy = claimed(books, python(128), 1024, "python3.11"); // 896 left
            var full = claimed(books, python(1024), 1536, "python3.11"); // 512 left

            var start = (Start) books.acquire(python(256));
            var next = (Start) books.acquire(python(512));

            assertThat(start.vm()).isEqualTo(new InRunningVm(full));
            assertThat(next.vm()).isEqualTo(new InRunningVm(roomy));
        }
    }

    @Nested
    class WithoutClaims {

        final ContainerBooks books = books(false);

        @Test
        void aVmWithRoomButNoSpareTakesTheContainerRatherThanABoot() {
            var first = (Start) books.acquire(python(256));
            books.vmBooted(first.vmId(), new VmHandle("w1", "vm-1"));

            var start = (Start) books.acquire(node(128));

            assertThat(start.vm()).isEqualTo(new InRunningVm(new VmHandle("w1", "vm-1")));
        }

        @Test
        void aVmWithASpareComesBeforeAFullerOneWithout() {
            var pythonVm = (Start) books.acquire(python(256));
            books.vmBooted(pythonVm.vmId(), new VmHandle("w1", "vm-py"));
            var nodeVm = (Start) books.acquire(spec("acme", "nodejs18.x", 900));
            books.vmBooted(nodeVm.vmId(), new VmHandle("w1", "vm-node"));

            var start = (Start) books.acquire(python(100));

            assertThat(start.vm())
                    .as("the Node.js VM is fuller (124 MiB left) but has no Python spare")
                    .isEqualTo(new InRunningVm(new VmHandle("w1", "vm-py")));
        }

        @Test
        void noTenantVmWithRoomBootsOne() {
            var start = (Start) books.acquire(node(128));

            assertThat(start.vm()).isEqualTo(new BootVm("acme", 1024));
        }
    }
}
