package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.keepalive.KeepAlivePolicy;
import dev.arclight.keepalive.Schedule;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows the books expire by when a keep-alive policy chooses them, on a hand-moved clock. */
class KeepAlivePlannerTests {

    private static final KeepAliveBounds BOUNDS = new KeepAliveBounds(Duration.ofMinutes(1), Duration.ofHours(4));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final List<String> chosen = new ArrayList<>();
    final ContainerSpec frequent = ContainerPoolTests.spec("acme", "frequent", 256);
    final ContainerSpec rare = ContainerPoolTests.spec("acme", "rare", 256);

    @Test
    void aFrequentFunctionKeepsItsContainerLongerThanARareOneWhichExpiresSoonerThanFixed() {
        var books = learnt(BOUNDS);
        train(books, frequent, Duration.ofMinutes(2), 50);
        train(books, rare, Duration.ofHours(6), 20);
        var planner = books.keepAlive();

        var rareWindow = planner.containerWindow(rare.key().functionArn());
        var frequentWindow = planner.containerWindow(frequent.key().functionArn());
        assertThat(rareWindow).isLessThan(Duration.ofMinutes(10)).isLessThan(frequentWindow);
        assertThat(frequentWindow).isGreaterThan(Duration.ofMinutes(2));

        var f = call(books, frequent);
        var r = call(books, rare);
        clock.advance(rareWindow.minusNanos(1));
        assertThat(books.expire().stops()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().stops())
                .extracting(ContainerPlans.Stop::containerId)
                .containsExactly(r);
        assertThat(books.state(f)).isInstanceOf(ContainerState.Idle.class);
        assertThat(chosen).containsExactly("container arclight " + rareWindow);
    }

    @Test
    void aTimerEveryFifteenMinutesFindsItsContainerWarmTheGapIsBridged() {
        var books = learnt(BOUNDS);
        train(books, frequent, Duration.ofMinutes(15), 30);

        var schedule =
                books.keepAlive().containerPolicy().schedule(frequent.key().functionArn());
        assertThat(schedule.isLoadedAt(Duration.ofMinutes(5)))
                .as("the policy itself would unload in the gap")
                .isFalse();
        assertThat(books.keepAlive().containerWindow(frequent.key().functionArn()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(15))
                .isEqualTo(schedule.end());

        var id = call(books, frequent);
        clock.advance(Duration.ofMinutes(15));
        assertThat(books.expire().stops()).isEmpty();
        assertThat(books.acquire(frequent)).isEqualTo(new TakeIdle(id, f(books, id)));
    }

    @Test
    void aGapLongerThanAColdStartIsWorthIsNotBridged() {
        var books = learnt(BOUNDS);
        train(books, frequent, Duration.ofHours(3), 30);

        var schedule =
                books.keepAlive().containerPolicy().schedule(frequent.key().functionArn());
        assertThat(schedule.isLoadedAt(Duration.ofHours(3))).isTrue();
        assertThat(books.keepAlive().containerWindow(frequent.key().functionArn()))
                .isEqualTo(BOUNDS.minimum());
    }

    @Test
    void theWindowsStayWithinTheConfiguredBounds() {
        var bounds = new KeepAliveBounds(Duration.ofMinutes(5), Duration.ofMinutes(7));
        var books = learnt(bounds);
        train(books, frequent, Duration.ofMinutes(2), 50);
        train(books, rare, Duration.ofHours(6), 20);

        assertThat(books.keepAlive().containerWindow(rare.key().functionArn())).isEqualTo(Duration.ofMinutes(5));
        assertThat(books.keepAlive().containerWindow(frequent.key().functionArn()))
                .isEqualTo(Duration.ofMinutes(7));
        var r = call(books, rare);
        clock.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(books.expire().stops()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().stops())
                .extracting(ContainerPlans.Stop::containerId)
                .containsExactly(r);
    }

    @Test
    void aPolicysWindowIsClampedEvenWhenItAsksForMore() {
        KeepAlivePolicy always = new FixedKeepAlivePolicy("always", Duration.ofDays(2));
        KeepAlivePolicy never = new FixedKeepAlivePolicy("never", Duration.ZERO);
        var planner = new KeepAlivePlanner(always, never, BOUNDS, KeepAlivePlanner.Windows.NONE);

        assertThat(planner.containerWindow("f")).isEqualTo(BOUNDS.maximum());
        assertThat(planner.vmWindow("acme")).isEqualTo(BOUNDS.minimum());
    }

    @Test
    void theFixedPolicyKeepsItsWindowWhateverTheCalls() {
        var books = new ContainerBooks(
                clock,
                new KeepAlivePlanner(
                        new FixedKeepAlivePolicy("fixed", Duration.ofMinutes(10)),
                        new FixedKeepAlivePolicy("fixed", Duration.ofMinutes(5)),
                        null,
                        (kind, policy, window) -> chosen.add(kind + " " + policy + " " + window)),
                1024,
                false);
        train(books, rare, Duration.ofHours(6), 5);
        var id = call(books, rare);

        clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(books.expire().stops()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().stops())
                .extracting(ContainerPlans.Stop::containerId)
                .containsExactly(id);
        books.stopped(id);
        clock.advance(Duration.ofMinutes(5));
        assertThat(books.expire().destroys()).hasSize(1);
        assertThat(chosen).containsExactly("container fixed PT10M", "vm fixed PT5M");
    }

    @Test
    void theLearntPolicyNeverExpiresAProvisionedContainer() {
        var books = learnt(BOUNDS);
        train(books, rare, Duration.ofHours(6), 20);
        books.provision(Map.of(rare.key(), new ProvisionedTarget(rare, 1)))
                .starts()
                .forEach(s -> started(books, s));

        clock.advance(Duration.ofHours(5));

        assertThat(books.expire().stops()).isEmpty();
        assertThat(books.containers()).hasSize(1);
    }

    @Test
    void anEmptyVmOfARareTenantIsDestroyedAfterTheTenantsWindow() {
        var books = learnt(BOUNDS);
        train(books, rare, Duration.ofHours(6), 20);
        var id = call(books, rare);
        var vmWindow = books.keepAlive().vmWindow("acme");
        assertThat(vmWindow).isEqualTo(BOUNDS.minimum());

        clock.advance(BOUNDS.minimum());
        books.expire();
        books.stopped(id);
        clock.advance(vmWindow.minusNanos(1));
        assertThat(books.expire().destroys()).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(books.expire().destroys()).hasSize(1);
        assertThat(chosen).containsExactly("container arclight PT1M", "vm arclight PT1M");
    }

    @Test
    void aFailedCallIsDemandToo() {
        var policy = new ArclightKeepAlivePolicy(clock, BOUNDS);
        var books = new ContainerBooks(
                clock, new KeepAlivePlanner(policy, policy, BOUNDS, KeepAlivePlanner.Windows.NONE), 1024, false);
        var id = started(books, books.acquire(rare));

        books.discard(id);

        assertThat(policy.histories().knows(rare.key().functionArn())).isTrue();
        assertThat(policy.histories().of(rare.key().functionArn()).lastInvocation())
                .isEqualTo(clock.instant());
    }

    @Test
    void aScheduleThatStartsLateWithinTheBridgeIsKeptFromTheCall() {
        KeepAlivePolicy late = new KeepAlivePolicy() {
            public String name() {
                return "late";
            }

            public void invoked(String function) {}

            public Schedule schedule(String function) {
                return Schedule.preWarm(Duration.ofMinutes(30), Duration.ofMinutes(10));
            }
        };
        var planner = new KeepAlivePlanner(late, late, null, KeepAlivePlanner.Windows.NONE);

        assertThat(planner.containerWindow("f")).isEqualTo(Duration.ofMinutes(40));
    }

    private ContainerBooks learnt(KeepAliveBounds bounds) {
        return new ContainerBooks(
                clock,
                new KeepAlivePlanner(
                        new ArclightKeepAlivePolicy(clock, bounds),
                        new ArclightKeepAlivePolicy(clock, bounds),
                        bounds,
                        (kind, policy, window) -> chosen.add(kind + " " + policy + " " + window)),
                1024,
                false);
    }

    /** {@code calls} calls of {@code spec}, {@code every} apart, each on a container that then goes. */
    private void train(ContainerBooks books, ContainerSpec spec, Duration every, int calls) {
        for (int i = 0; i < calls; i++) {
            var id = call(books, spec);
            books.discard(id);
            clock.advance(every);
        }
        // The trained calls end idle: drop what the discards left (an empty VM) out of the way.
        books.shutdown();
    }

    /** One call that ends now; returns its (now idle) container. */
    private String call(ContainerBooks books, ContainerSpec spec) {
        var id = started(books, books.acquire(spec));
        books.release(id);
        return id;
    }

    private int vms;

    private String started(ContainerBooks books, ContainerPlans.Acquisition plan) {
        if (plan instanceof TakeIdle idle) {
            return idle.containerId();
        }
        var start = (ContainerPlans.Start) plan;
        if (start.vm() instanceof ContainerPlans.BootVm) {
            books.vmBooted(start.vmId(), new VmHandle("w1", "vm-" + ++vms));
        }
        var vm = books.vms().stream()
                .filter(v -> v.id().equals(start.vmId()))
                .findFirst()
                .orElseThrow();
        books.containerStarted(
                start.containerId(),
                new ContainerHandle("w1", vm.handle().orElseThrow().vmId(), start.containerId()));
        return start.containerId();
    }

    private static ContainerHandle f(ContainerBooks books, String id) {
        return ContainerState.handleOf(books.state(id)).orElseThrow();
    }
}
