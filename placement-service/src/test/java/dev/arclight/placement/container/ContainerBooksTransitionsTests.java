package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The books after each worker outcome: started, failed, released, discarded, VM lost, shutdown. */
class ContainerBooksTransitionsTests {

    final ContainerBooksFixture f = new ContainerBooksFixture();
    final ContainerBooks books = f.books;
    final MutableClock clock = f.clock;
    final ContainerSpec app = f.app;

    @Test
    void aContainerStartedForACallIsBusyAndOneStartedForProvisioningIsIdle() {
        var forCall = f.started(books.acquire(app));
        var provisioned = f.started(books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)))
                .starts()
                .getFirst());

        assertThat(books.state(forCall)).isInstanceOf(Busy.class);
        assertThat(books.state(provisioned)).isEqualTo(new Idle(f.handleOf(provisioned), clock.instant()));
    }

    @Test
    void aReleasedContainerIsIdleFromNowAndReleasingAnythingElseChangesNothing() {
        var id = f.started(books.acquire(app));
        clock.advance(Duration.ofSeconds(3));

        books.release(id);
        books.release(id);
        books.release("c-unknown");

        assertThat(books.state(id)).isEqualTo(new Idle(f.handleOf(id), clock.instant()));
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
        var id = f.started(books.acquire(app));
        var handle = f.handleOf(id);

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
        var firstId = f.started(first);
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

    @Test
    void shutdownEmptiesTheBooksReturnsTheBootedVmsAndRefusesALateBoot() {
        f.started(books.acquire(app));
        var booting = (Start) books.acquire(ContainerPoolTests.spec("globex", "app", 128));
        var booted = books.vms().getFirst().handle().orElseThrow();

        assertThat(books.shutdown()).containsExactly(booted);

        assertThat(books.containers()).isEmpty();
        assertThat(books.vms()).isEmpty();
        assertThat(books.vmBooted(booting.vmId(), new VmHandle("w1", "late"))).isFalse();
    }
}
