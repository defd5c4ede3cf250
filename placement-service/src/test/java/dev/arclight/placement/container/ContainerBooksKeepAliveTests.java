package dev.arclight.placement.container;

import static dev.arclight.placement.container.ContainerBooksFixture.KEEP_ALIVE;
import static dev.arclight.placement.container.ContainerBooksFixture.VM_KEEP_ALIVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerState.Busy;
import dev.arclight.placement.container.ContainerState.Idle;
import dev.arclight.placement.container.ContainerState.Removed;
import dev.arclight.placement.container.ContainerState.Starting;
import dev.arclight.placement.container.ContainerState.Stopping;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the books expire, and what they start to reach provisioned counts. */
class ContainerBooksKeepAliveTests {

    final ContainerBooksFixture f = new ContainerBooksFixture();
    final ContainerBooks books = f.books;
    final MutableClock clock = f.clock;
    final ContainerSpec app = f.app;

    @Test
    void expiresAnIdleContainerAtExactlyItsKeepAliveAndNotBefore() {
        var id = f.started(books.acquire(app));
        books.release(id);

        clock.advance(KEEP_ALIVE.minusNanos(1));
        assertThat(books.expire().stops()).isEmpty();

        clock.advance(Duration.ofNanos(1));
        var expiry = books.expire();
        assertThat(expiry.stops()).singleElement().satisfies(stop -> {
            assertThat(stop.containerId()).isEqualTo(id);
            assertThat(stop.handle()).isEqualTo(f.handleOf(id));
        });
        assertThat(books.state(id)).isEqualTo(new Stopping(f.handleOf(id)));
        assertThat(books.expire().stops()).as("planned once").isEmpty();

        books.stopped(id);
        assertThat(books.state(id)).isEqualTo(new Removed());
    }

    @Test
    void neverExpiresABusyOrStartingContainer() {
        f.started(books.acquire(app));
        books.acquire(app);

        clock.advance(KEEP_ALIVE.multipliedBy(3));
        var expiry = books.expire();

        assertThat(expiry.stops()).isEmpty();
        assertThat(expiry.destroys()).isEmpty();
    }

    @Test
    void destroysARunningVmEmptyForExactlyItsKeepAliveAndNotBefore() {
        var id = f.started(books.acquire(app));
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
        books.release(f.started(books.acquire(ContainerPoolTests.spec("globex", "app", 128))));

        clock.advance(KEEP_ALIVE.plus(VM_KEEP_ALIVE));
        var expiry = books.expire();

        assertThat(expiry.stops()).hasSize(1);
        assertThat(expiry.destroys()).isEmpty();
        assertThat(books.expire().destroys()).isEmpty();
        assertThat(books.vms()).hasSize(2);
    }

    @Test
    void aVmEmptiedByItsLastStopWaitsItsFullKeepAliveFromThen() {
        var id = f.started(books.acquire(app));
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

    @Test
    void provisionPlansOnlyTheMissingContainersCountingStartingAndBusyOnes() {
        f.started(books.acquire(app)); // busy
        books.acquire(app); // starting

        var starts = books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)))
                .starts();

        assertThat(starts)
                .singleElement()
                .satisfies(start -> assertThat(books.state(start.containerId())).isEqualTo(new Starting(false)));
        assertThat(books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)))
                        .starts())
                .isEmpty();
    }

    @Test
    void provisionedStartsShareTheVmTheyBookInOrder() {
        var starts = books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)))
                .starts();

        assertThat(starts).extracting(Start::vm).first().isInstanceOf(BootVm.class);
        assertThat(starts.subList(1, 3))
                .allSatisfy(start -> assertThat(start.vm()).isEqualTo(new AwaitBoot()));
        assertThat(starts)
                .extracting(Start::vmId)
                .containsOnly(starts.getFirst().vmId());
    }

    @Test
    void neverExpiresBelowTheProvisionedCountAndExpiresTheOldestSurplusFirst() {
        books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)))
                .starts()
                .forEach(f::started);
        var a = ((TakeIdle) books.acquire(app)).containerId();
        var b = ((TakeIdle) books.acquire(app)).containerId();
        var c = f.started(books.acquire(app));
        var busy = f.started(books.acquire(app));
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
    void aProvisionedConfigThatGoesAwayReleasesItsIdleContainersAtOnce() {
        books.provision(Map.of(app.key(), new ProvisionedTarget(app, 2)))
                .starts()
                .forEach(f::started);
        clock.advance(KEEP_ALIVE);
        assertThat(books.expire().stops()).isEmpty();

        var provisioning = books.provision(Map.of());

        assertThat(provisioning.starts()).isEmpty();
        assertThat(provisioning.releases()).hasSize(2);
        provisioning
                .releases()
                .forEach(release ->
                        assertThat(books.state(release.containerId())).isInstanceOf(ContainerState.Stopping.class));
        assertThat(books.expire().stops()).isEmpty();
    }

    @Test
    void aShrunkShareReleasesOnlySurplusIdleContainersNeverBusyOnesNorThoseOfCalls() {
        books.provision(Map.of(app.key(), new ProvisionedTarget(app, 3)))
                .starts()
                .forEach(f::started);
        var busy = ((TakeIdle) books.acquire(app)).containerId();

        var provisioning = books.provision(Map.of(app.key(), new ProvisionedTarget(app, 1)));

        assertThat(provisioning.releases())
                .hasSize(2)
                .noneMatch(r -> r.containerId().equals(busy));
        assertThat(books.state(busy)).isInstanceOf(Busy.class);

        // 1 provisioned plus 1 started for a call; the count drops to 0: one goes now, one idles out.
        var f2 = new ContainerBooksFixture();
        var books2 = f2.books;
        books2.provision(Map.of(app.key(), new ProvisionedTarget(app, 1)))
                .starts()
                .forEach(f2::started);
        var provisionedOne = ((TakeIdle) books2.acquire(app)).containerId();
        var forCall = f2.started(books2.acquire(app));
        books2.release(provisionedOne);
        books2.release(forCall);
        assertThat(books2.provision(Map.of()).releases()).hasSize(1);
    }
}
