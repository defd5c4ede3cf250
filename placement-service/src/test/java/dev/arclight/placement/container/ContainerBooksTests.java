package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.placement.container.ContainerState.Starting;
import dev.arclight.placement.container.ContainerState.Stopping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The books' decisions, without workers, threads or Spring: every plan and every transition. */
class ContainerBooksTests {

    static final Duration KEEP_ALIVE = Duration.ofMinutes(10);
    static final Duration VM_KEEP_ALIVE = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final ContainerBooks books = new ContainerBooks(clock, KEEP_ALIVE, VM_KEEP_ALIVE, 1024);
    final ContainerSpec app = ContainerPoolTests.spec("acme", "app", 256);
    int vms;

    // --- acquire: the order of preference ---------------------------------------------------------

    @Test
    void aFirstCallBooksANewVmOfTheConfiguredSizeWithItsContainerStarting() {
        var start = (Start) books.acquire(app);

        assertThat(start.vm()).isEqualTo(new BootVm("acme", 1024));
        assertThat(start.spec()).isEqualTo(app);
        assertThat(books.state(start.containerId())).isEqualTo(new Starting(true));
        assertThat(books.vms()).singleElement().satisfies(vm -> {
            assertThat(vm.id()).isEqualTo(start.vmId());
            assertThat(vm.state()).isInstanceOf(VmState.Booting.class);
        });
    }

    @Test
    void aFunctionLargerThanTheUsualVmGetsAVmOfItsOwnMemory() {
        var start = (Start) books.acquire(ContainerPoolTests.spec("acme", "big", 2048));

        assertThat(start.vm()).isEqualTo(new BootVm("acme", 2048));
    }

    @Test
    void aConcurrentCallThatFitsWaitsForTheVmBeingBooted() {
        var first = (Start) books.acquire(app);
        var second = (Start) books.acquire(app);

        assertThat(second.vm()).isEqualTo(new AwaitBoot());
        assertThat(second.vmId()).isEqualTo(first.vmId());
        assertThat(second.containerId()).isNotEqualTo(first.containerId());
    }

    @Test
    void aCallThatDoesNotFitTheBootingVmBooksAnotherOne() {
        for (int i = 0; i < 4; i++) {
            books.acquire(app); // 4 x 256 MiB fill a 1024 MiB VM
        }
        var fifth = (Start) books.acquire(app);

        assertThat(fifth.vm()).isInstanceOf(BootVm.class);
        assertThat(books.vms()).hasSize(2);
    }

    @Test
    void takesTheMostRecentlyUsedIdleContainerAndMakesItBusy() {
        var older = started(books.acquire(app));
        var newer = started(books.acquire(app));
        books.release(older);
        clock.advance(Duration.ofSeconds(1));
        books.release(newer);

        var plan = (TakeIdle) books.acquire(app);

        assertThat(plan.containerId()).isEqualTo(newer);
        assertThat(books.state(newer)).isInstanceOf(Busy.class);
        assertThat(books.state(older)).isInstanceOf(Idle.class);
    }

    @Test
    void neverHandsACallAnIdleContainerOfAnotherRevision() {
        books.release(started(books.acquire(app)));
        var updated = new ContainerSpec(
                new ContainerKey(app.tenant(), app.key().functionArn(), "1", UUID.randomUUID()),
                "python3.11",
                "app.handler",
                256,
                3,
                Map.of(),
                "sha2");

        assertThat(books.acquire(updated)).isInstanceOf(Start.class);
    }

    @Test
    void startsInARunningVmOfTheTenantWhenNoContainerIsIdle() {
        var first = books.acquire(app);
        started(first);

        var second = (Start) books.acquire(ContainerPoolTests.spec("acme", "other", 512));

        assertThat(second.vm()).isInstanceOf(InRunningVm.class);
        assertThat(second.vmId()).isEqualTo(((Start) first).vmId());
    }

    @Test
    void prefersTheFullestFittingVmSoThatTheOthersCanEmpty() {
        var big = ContainerPoolTests.spec("acme", "big", 768);
        var roomy = (Start) books.acquire(app); // VM 1: 256 of 1024 taken
        started(roomy);
        var full = (Start) books.acquire(big); // fits VM 1 (256 + 768)
        assertThat(full.vmId()).isEqualTo(roomy.vmId());
        books.discard(full.containerId());
        var second = (Start) books.acquire(ContainerPoolTests.spec("acme", "huge", 1024)); // VM 2, booting
        started(second);
        var third = (Start) books.acquire(big); // VM 1 has 768 free, VM 2 none: VM 1
        assertThat(third.vmId()).isEqualTo(roomy.vmId());
        books.discard(second.containerId()); // VM 2 now has 1024 free, VM 1 none left
        books.discard(third.containerId()); // VM 1: 768 free again; both fit 256

        var next = (Start) books.acquire(ContainerPoolTests.spec("acme", "small", 256));

        assertThat(next.vmId()).as("fullest fitting VM").isEqualTo(roomy.vmId());
    }

    @Test
    void prefersARunningVmEvenWhenABootingOneIsFuller() {
        var running = (Start) books.acquire(ContainerPoolTests.spec("acme", "one", 128));
        started(running);
        books.acquire(ContainerPoolTests.spec("acme", "fill", 1024 - 128)); // VM 1 full
        var booting = (Start) books.acquire(ContainerPoolTests.spec("acme", "two", 768)); // VM 2 booting
        var fill = books.containers().stream()
                .filter(c -> c.key().functionArn().contains(":fill:"))
                .findFirst()
                .orElseThrow();
        books.startFailed(fill.id()); // VM 1: 896 free, running; VM 2: 256 free, booting

        var next = (Start) books.acquire(ContainerPoolTests.spec("acme", "three", 256));

        assertThat(next.vmId()).isEqualTo(running.vmId()).isNotEqualTo(booting.vmId());
        assertThat(next.vm()).isInstanceOf(InRunningVm.class);
    }

    @Test
    void aStoppingContainerKeepsItsMemoryTakenUntilStopped() {
        var start = (Start) books.acquire(ContainerPoolTests.spec("acme", "wide", 1024));
        books.release(started(start));
        clock.advance(KEEP_ALIVE);
        assertThat(books.expire().stops()).hasSize(1);

        assertThat(((Start) books.acquire(app)).vm()).isInstanceOf(BootVm.class);
        books.stopped(start.containerId());
        assertThat(((Start) books.acquire(app)).vmId()).isEqualTo(start.vmId());
    }

    @Test
    void aVmNeverHoldsTheContainersOfTwoTenants() {
        var starts = new ArrayList<Start>();
        for (var tenant : List.of("acme", "globex", "acme", "initech", "globex", "acme")) {
            var start = (Start) books.acquire(ContainerPoolTests.spec(tenant, "app", 128));
            starts.add(start);
            if (starts.size() % 2 == 0) {
                started(start);
            }
        }

        assertThat(books.vms()).hasSize(3);
        for (var vm : books.vms()) {
            assertThat(books.containers().stream().filter(c -> c.vmId().equals(vm.id())))
                    .allSatisfy(c -> assertThat(c.key().tenant()).isEqualTo(vm.tenant()));
        }
    }

    // --- transitions after I/O --------------------------------------------------------------------

    @Test
    void aContainerStartedForACallIsBusyAndOneStartedForProvisioningIsIdle() {
        var forCall = started(books.acquire(app));
        var provisioned = started(books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)))
                .getFirst());

        assertThat(books.state(forCall)).isInstanceOf(Busy.class);
        assertThat(books.state(provisioned)).isEqualTo(new Idle(handleOf(provisioned), clock.instant()));
    }

    @Test
    void aReleasedContainerIsIdleFromNowAndReleasingAnythingElseChangesNothing() {
        var id = started(books.acquire(app));
        clock.advance(Duration.ofSeconds(3));

        books.release(id);
        books.release(id);
        books.release("c-unknown");

        assertThat(books.state(id)).isEqualTo(new Idle(handleOf(id), clock.instant()));
    }

    @Test
    void aFailedStartLeavesTheBooksAndEmptiesItsVm() {
        var start = (Start) books.acquire(app);
        clock.advance(Duration.ofSeconds(7));

        books.startFailed(start.containerId());

        assertThat(books.state(start.containerId())).isEqualTo(new Removed());
        assertThat(books.vms())
                .singleElement()
                .satisfies(vm -> assertThat(vm.emptySince()).isEqualTo(clock.instant()));
        assertThat(books.containerStarted(start.containerId(), new ContainerHandle("w1", "vm", "c")))
                .isEqualTo(new Removed());
    }

    @Test
    void aDiscardedContainerLeavesTheBooksAndIsReturnedToStopOnce() {
        var id = started(books.acquire(app));
        var handle = handleOf(id);

        assertThat(books.discard(id)).contains(handle);
        assertThat(books.discard(id)).isEmpty();
        assertThat(books.state(id)).isEqualTo(new Removed());
        assertThat(books.discard(((Start) books.acquire(app)).containerId()))
                .as("nothing to stop before it started")
                .isEmpty();
    }

    @Test
    void aLostVmTakesItsContainersAndIsReturnedToDestroyIfItHadBooted() {
        var first = (Start) books.acquire(app);
        var firstId = started(first);
        var second = (Start) books.acquire(app);
        var vm = books.vms().getFirst().handle().orElseThrow();

        assertThat(books.vmLost(first.vmId())).contains(vm);

        assertThat(books.vms()).isEmpty();
        assertThat(books.containers()).isEmpty();
        assertThat(books.state(firstId)).isEqualTo(new Removed());
        assertThat(books.containerStarted(second.containerId(), new ContainerHandle("w1", vm.vmId(), "c")))
                .isEqualTo(new Removed());
        assertThat(books.vmLost(first.vmId())).isEmpty();
    }

    @Test
    void aVmLostWhileBootingHasNothingToDestroyAndItsLateBootIsRefused() {
        var start = (Start) books.acquire(app);

        assertThat(books.vmLost(start.vmId())).isEmpty();
        assertThat(books.vmBooted(start.vmId(), new VmHandle("w1", "late"))).isFalse();
        assertThat(books.vms()).isEmpty();
    }

    // --- expiry -------------------------------------------------------------------------------------

    @Test
    void expiresAnIdleContainerAtExactlyItsKeepAliveAndNotBefore() {
        var id = started(books.acquire(app));
        books.release(id);

        clock.advance(KEEP_ALIVE.minusNanos(1));
        assertThat(books.expire().stops()).isEmpty();

        clock.advance(Duration.ofNanos(1));
        var expiry = books.expire();
        assertThat(expiry.stops()).singleElement().satisfies(stop -> {
            assertThat(stop.containerId()).isEqualTo(id);
            assertThat(stop.handle()).isEqualTo(handleOf(id));
        });
        assertThat(books.state(id)).isEqualTo(new Stopping(handleOf(id)));
        assertThat(books.expire().stops()).as("planned once").isEmpty();

        books.stopped(id);
        assertThat(books.state(id)).isEqualTo(new Removed());
    }

    @Test
    void neverExpiresABusyOrStartingContainer() {
        started(books.acquire(app));
        books.acquire(app);

        clock.advance(KEEP_ALIVE.multipliedBy(3));
        var expiry = books.expire();

        assertThat(expiry.stops()).isEmpty();
        assertThat(expiry.destroys()).isEmpty();
    }

    @Test
    void destroysARunningVmEmptyForExactlyItsKeepAliveAndNotBefore() {
        var id = started(books.acquire(app));
        var vm = books.vms().getFirst().handle().orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        books.discard(id);

        clock.advance(VM_KEEP_ALIVE.minusNanos(1));
        assertThat(books.expire().destroys()).isEmpty();

        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().destroys()).containsExactly(vm);
        assertThat(books.vms()).isEmpty();
    }

    @Test
    void neverDestroysABootingVmOrOneThatStillHoldsAStoppingContainer() {
        var booting = (Start) books.acquire(app);
        books.startFailed(booting.containerId());
        books.release(started(books.acquire(ContainerPoolTests.spec("globex", "app", 128))));

        clock.advance(KEEP_ALIVE.plus(VM_KEEP_ALIVE));
        var expiry = books.expire();

        assertThat(expiry.stops()).hasSize(1);
        assertThat(expiry.destroys()).isEmpty();
        assertThat(books.expire().destroys()).isEmpty();
        assertThat(books.vms()).hasSize(2);
    }

    @Test
    void aVmEmptiedByItsLastStopWaitsItsFullKeepAliveFromThen() {
        var id = started(books.acquire(app));
        books.release(id);
        clock.advance(KEEP_ALIVE);
        books.expire();
        clock.advance(Duration.ofMinutes(2));
        books.stopped(id);

        clock.advance(VM_KEEP_ALIVE.minusNanos(1));
        assertThat(books.expire().destroys()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().destroys()).hasSize(1);
    }

    // --- provisioned concurrency ------------------------------------------------------------------

    @Test
    void provisionPlansOnlyTheMissingContainersCountingStartingAndBusyOnes() {
        started(books.acquire(app)); // busy
        books.acquire(app); // starting

        var starts = books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)));

        assertThat(starts)
                .singleElement()
                .satisfies(start -> assertThat(books.state(start.containerId())).isEqualTo(new Starting(false)));
        assertThat(books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3))))
                .isEmpty();
    }

    @Test
    void provisionedStartsShareTheVmTheyBookInOrder() {
        var starts = books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)));

        assertThat(starts).extracting(Start::vm).first().isInstanceOf(BootVm.class);
        assertThat(starts.subList(1, 3))
                .allSatisfy(start -> assertThat(start.vm()).isEqualTo(new AwaitBoot()));
        assertThat(starts)
                .extracting(Start::vmId)
                .containsOnly(starts.getFirst().vmId());
    }

    @Test
    void neverExpiresBelowTheProvisionedCountAndExpiresTheOldestSurplusFirst() {
        books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2))).forEach(this::started);
        var a = ((TakeIdle) books.acquire(app)).containerId();
        var b = ((TakeIdle) books.acquire(app)).containerId();
        var c = started(books.acquire(app));
        var busy = started(books.acquire(app));
        books.release(a);
        clock.advance(Duration.ofSeconds(1));
        books.release(c);
        clock.advance(Duration.ofSeconds(1));
        books.release(b);

        clock.advance(KEEP_ALIVE.multipliedBy(2));
        var stops = books.expire().stops();

        // four containers, floor two, the busy one counts: the two oldest idle ones go
        assertThat(stops).extracting(ContainerPlans.Stop::containerId).containsExactly(a, c);
        assertThat(books.state(busy)).isInstanceOf(Busy.class);
        assertThat(books.state(b)).isInstanceOf(Idle.class);
        assertThat(books.expire().stops()).isEmpty();
    }

    @Test
    void containersExpireOnceTheirProvisionedConfigIsGone() {
        books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2))).forEach(this::started);
        clock.advance(KEEP_ALIVE);
        assertThat(books.expire().stops()).isEmpty();

        assertThat(books.provision(Map.of())).isEmpty();

        assertThat(books.expire().stops()).hasSize(2);
    }

    // --- shutdown -----------------------------------------------------------------------------------

    @Test
    void shutdownEmptiesTheBooksReturnsTheBootedVmsAndRefusesALateBoot() {
        started(books.acquire(app));
        var booting = (Start) books.acquire(ContainerPoolTests.spec("globex", "app", 128));
        var booted = books.vms().getFirst().handle().orElseThrow();

        assertThat(books.shutdown()).containsExactly(booted);

        assertThat(books.containers()).isEmpty();
        assertThat(books.vms()).isEmpty();
        assertThat(books.vmBooted(booting.vmId(), new VmHandle("w1", "late"))).isFalse();
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** Carries out a start plan as the workers would, successfully; returns the container's id. */
    private String started(ContainerPlans.Acquisition plan) {
        var start = (Start) plan;
        var vm = vm(start.vmId());
        if (vm.state() instanceof VmState.Booting) {
            assertThat(books.vmBooted(start.vmId(), new VmHandle("w1", "vm-" + ++vms)))
                    .isTrue();
            vm = vm(start.vmId());
        }
        var handle = new ContainerHandle("w1", vm.handle().orElseThrow().vmId(), start.containerId());
        assertThat(books.containerStarted(start.containerId(), handle)).isNotEqualTo(new Removed());
        return start.containerId();
    }

    private BookedVm vm(String vmId) {
        return books.vms().stream().filter(v -> v.id().equals(vmId)).findFirst().orElseThrow();
    }

    private ContainerHandle handleOf(String containerId) {
        return ContainerState.handleOf(books.state(containerId)).orElseThrow();
    }
}
