package dev.arclight.reclaim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arclight.contracts.utilization.ContainerState;
import dev.arclight.contracts.utilization.ContainerUtilization;
import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResizePolicyTests {

    static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    static final PolicySettings SETTINGS = new PolicySettings(
            Duration.ofSeconds(60),
            64,
            128,
            32,
            2,
            Duration.ofSeconds(30),
            Duration.ofSeconds(120),
            Duration.ofMinutes(30));

    final ResizePolicy policy = new ResizePolicy(SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shrinksAnIdleVmTowardWhatItsGuestUsesPlusHeadroom() {
        var window = idle(512, 512, 74, 416);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "IDLE", 512, 144, 0));
    }

    @Test
    void aGuestFullOfPageCacheStillReadsAsNeedingLittle() {
        // Page cache is MemAvailable: 416 of 490 MiB after reading every file under /usr.
        var verdict = policy.decide(idle(512, 512, 74, 416), Optional.empty());

        assertThat(((Verdict.Resize) verdict).targetMib()).isLessThan(200);
    }

    @Test
    void neverShrinksBelowTheFloor() {
        assertThat(policy.decide(idle(512, 512, 20, 470), Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "IDLE", 512, 128, 0));
    }

    @Test
    void aPooledVmIsIdleByDefinition() {
        var window = steady(null, 512, 512, 60, 430, List.of(), null, 5);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "POOLED", 512, 128, 0));
    }

    @Test
    void aTenantVmNeverInvokedIsIdleOnceWatchedForTheIdleTime() {
        var containers = List.of(container(ContainerState.IDLE, 512));

        assertThat(policy.decide(steady("t", 512, 512, 80, 410, containers, null, 60), Optional.empty()))
                .isInstanceOf(Verdict.Resize.class);
    }

    @Test
    void aVmJustBootedForACallStillOnItsWayIsLeftAlone() {
        assertThat(policy.decide(steady("t", 512, 512, 80, 410, List.of(), null, 20), Optional.empty()))
                .isEqualTo(new Verdict.Hold("busy, not watched long enough"));
        // watched past the observation time, but never called: not over-provisioned, just new
        assertThat(policy.decide(steady("t", 512, 512, 80, 410, List.of(), null, 45), Optional.empty()))
                .isEqualTo(new Verdict.Hold("busy, not watched long enough"));
    }

    @Test
    void aVmCalledRecentlyAndNotWatchedLongEnoughIsLeftAlone() {
        var window = steady("t", 1024, 1024, 100, 900, idleContainer(), NOW.minusSeconds(10), 10);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Hold("busy, not watched long enough"));
    }

    @Test
    void shrinksABusyOverProvisionedVmTowardItsObservedPeakPlusHeadroom() {
        var lastCall = NOW.minusSeconds(5);
        var window = List.of(
                sample("t", 1024, 1024, 100, 900, idleContainer(), lastCall, NOW.minusSeconds(40)),
                sample("t", 1024, 1024, 200, 800, idleContainer(), lastCall, NOW.minusSeconds(20)),
                sample("t", 1024, 1024, 150, 850, idleContainer(), lastCall, NOW));

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "OVER_PROVISIONED", 1024, 264, 0));
    }

    @Test
    void neverShrinksBelowWhatRunningContainersMayUse() {
        var running = List.of(container(ContainerState.BUSY, 256), container(ContainerState.IDLE, 256));
        var window = steady("t", 1024, 1024, 100, 900, running, NOW, 40);

        // floor 128 + both containers' limits 512
        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "OVER_PROVISIONED", 1024, 640, 0));
    }

    @Test
    void aVmWhoseOneFunctionIsRunningIsNotShrunkAtAll() {
        var busy = List.of(container(ContainerState.BUSY, 512));
        var window = steady("t", 512, 512, 100, 390, busy, NOW.minusSeconds(120), 40);

        assertThat(policy.decide(window, Optional.empty())).isInstanceOf(Verdict.Hold.class);
    }

    @Test
    void aStartingContainerCountsAsRunning() {
        var starting = List.of(container(ContainerState.STARTING, 512));
        var window = steady("t", 512, 512, 60, 430, starting, null, 40);

        assertThat(policy.decide(window, Optional.empty())).isInstanceOf(Verdict.Hold.class);
    }

    @Test
    void aRunningContainerKeepsAnOtherwiseIdleVmFromIdleShrinking() {
        var busy = List.of(container(ContainerState.BUSY, 128));
        var window = steady("t", 1024, 1024, 60, 900, busy, NOW.minusSeconds(300), 5);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Hold("busy, not watched long enough"));
    }

    @Test
    void shrinksToThePeakOfTheWindowNotToTheNewestSample() {
        var window = List.of(
                sample("t", 512, 512, 300, 190, idleContainer(), NOW.minusSeconds(300), NOW.minusSeconds(10)),
                sample("t", 512, 512, 74, 416, idleContainer(), NOW.minusSeconds(300), NOW));

        assertThat(((Verdict.Resize) policy.decide(window, Optional.empty())).targetMib())
                .isEqualTo(368);
    }

    @Test
    void neverAsksForMoreThanTheVmsMaximum() {
        var running = List.of(container(ContainerState.BUSY, 512));
        var window = steady("t", 512, 256, 40, 200, running, NOW, 40);

        assertThat(policy.decide(window, Optional.empty())).isInstanceOf(Verdict.Hold.class);
    }

    @Test
    void theGuestsNeedLeavesOutBalloonPagesThatMemTotalStillCounts() {
        // autodeflate: MemTotal stays ~490 MiB at a 128 MiB balloon; 458 "used" of which 362 is balloon
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 128, 458, 32, List.of(), null, NOW)))
                .isEqualTo(96);
        // a kernel that takes the balloon out of MemTotal reports the need as it is
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 128, 74, 32, List.of(), null, NOW)))
                .isEqualTo(74);
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 512, 74, 416, List.of(), null, NOW)))
                .isEqualTo(74);
    }

    @Test
    void oneResizeInFlightPerVm() {
        var last = new LastResize(Direction.SHRINK, 144, NOW.minusSeconds(300), NOW.minusSeconds(300), false, 0);

        assertThat(policy.decide(idle(512, 512, 74, 416), Optional.of(last)))
                .isEqualTo(new Verdict.Hold("a resize is in flight"));
    }

    @Test
    void aReplayedSampleDecidesNothing() {
        var last = new LastResize(Direction.SHRINK, 144, NOW.minusSeconds(300), NOW, true, 0);

        assertThat(policy.decide(idle(512, 512, 74, 416), Optional.of(last)))
                .isEqualTo(new Verdict.Hold("sample not newer than the last decision"));
    }

    @Test
    void oneSampleIsNotEnoughEvidence() {
        var one = List.of(sample("t", 512, 512, 74, 416, idleContainer(), NOW.minusSeconds(300), NOW));

        assertThat(policy.decide(one, Optional.empty())).isEqualTo(new Verdict.Hold("too few samples"));
        assertThat(policy.decide(List.of(), Optional.empty())).isEqualTo(new Verdict.Hold("no samples"));
    }

    @Test
    void growsAShrunkVmWhoseGuestRunsShort() {
        // need 130 MiB in a 144 MiB balloon: less than half the headroom left
        var window = idle(512, 144, 130 + 368, 14);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.GROW, "PRESSURE", 144, 200, 0));
    }

    @Test
    void aShortGuestIsGrownEvenWithinTheCooldown() {
        var last = new LastResize(Direction.SHRINK, 144, NOW.minusSeconds(1), NOW.minusSeconds(20), true, 0);

        assertThat(policy.decide(idle(512, 144, 498, 14), Optional.of(last))).isInstanceOf(Verdict.Resize.class);
    }

    @Test
    void aGrowNeverPassesTheMaximum() {
        var window = idle(512, 480, 478, 2);

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.GROW, "PRESSURE", 480, 512, 0));
    }

    @Test
    void resizesSmallerThanAStepAreNotWorthIt() {
        assertThat(policy.decide(idle(512, 160, 60 + 352, 60), Optional.empty()))
                .isEqualTo(new Verdict.Hold("within a step of its need"));
    }

    @Test
    void noShrinkWithinTheCooldownOfTheLastDecision() {
        var last = new LastResize(Direction.SHRINK, 256, NOW.minusSeconds(60), NOW.minusSeconds(60), true, 0);

        assertThat(policy.decide(idle(512, 256, 74 + 256, 160), Optional.of(last)))
                .isEqualTo(new Verdict.Hold("cooling down"));
    }

    @Test
    void aShrinkUndoneByAGrowDoublesTheNextCooldown() {
        // shrunk to 144, the worker grew it back to 512 for a call
        var last = new LastResize(Direction.SHRINK, 144, NOW.minusSeconds(150), NOW.minusSeconds(150), true, 0);

        assertThat(policy.decide(idle(512, 512, 74, 416), Optional.of(last)))
                .isEqualTo(new Verdict.Hold("cooling down"));

        var later = new ResizePolicy(SETTINGS, Clock.fixed(NOW.plusSeconds(100), ZoneOffset.UTC));
        assertThat(later.decide(idle(512, 512, 74, 416), Optional.of(last)))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "IDLE", 512, 144, 1));
    }

    @Test
    void aShrinkThatHeldResetsTheBackoff() {
        var last = new LastResize(Direction.SHRINK, 256, NOW.minusSeconds(200), NOW.minusSeconds(200), true, 3);

        // MemTotal 490 MiB, 234 MiB of it the balloon's: the guest needs 74
        assertThat(policy.decide(idle(512, 256, 74 + 234, 182), Optional.of(last)))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "IDLE", 256, 144, 0));
    }

    @Test
    void aShrinkAfterAPressureGrowBacksOff() {
        var last = new LastResize(Direction.GROW, 256, NOW.minusSeconds(200), NOW.minusSeconds(200), true, 0);

        assertThat(policy.decide(idle(512, 256, 74 + 256, 160), Optional.of(last)))
                .isEqualTo(new Verdict.Hold("cooling down"));
    }

    @Test
    void theCooldownDoublesPerLevelUpToItsCap() {
        assertThat(policy.cooldown(0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.cooldown(1)).isEqualTo(Duration.ofSeconds(240));
        assertThat(policy.cooldown(3)).isEqualTo(Duration.ofSeconds(960));
        assertThat(policy.cooldown(40)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aVmShrunkAndLeftThereIsNotMovedAgain() {
        // after the shrink to 144, the same guest: nothing to do, whatever the clock says
        var last = new LastResize(Direction.SHRINK, 144, NOW.minusSeconds(3600), NOW.minusSeconds(3600), true, 0);
        var shrunk = idle(512, 144, 74 + 368, 70);

        assertThat(policy.decide(shrunk, Optional.of(last))).isInstanceOf(Verdict.Hold.class);
    }

    @Test
    void targetsAreWholeGranules() {
        assertThat(ResizePolicy.roundUp(129)).isEqualTo(136);
        assertThat(ResizePolicy.roundUp(136)).isEqualTo(136);
    }

    @Test
    void settingsRefuseAFloorTheWorkerWouldRefuse() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PolicySettings(
                        Duration.ofSeconds(60),
                        64,
                        32,
                        32,
                        2,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(120),
                        Duration.ofMinutes(30)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PolicySettings(
                        Duration.ofSeconds(60),
                        64,
                        128,
                        32,
                        2,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(60)));
    }

    /** Two equal samples of a VM, {@code span} seconds apart, the newer now. */
    static List<VmUtilization> steady(
            String tenant,
            long allocated,
            long balloon,
            long used,
            long available,
            List<ContainerUtilization> containers,
            Instant lastInvocationAt,
            int span) {
        return List.of(
                sample(
                        tenant,
                        allocated,
                        balloon,
                        used,
                        available,
                        containers,
                        lastInvocationAt,
                        NOW.minusSeconds(span)),
                sample(tenant, allocated, balloon, used, available, containers, lastInvocationAt, NOW));
    }

    /** Two samples 5 s apart of a tenant's VM last called five minutes ago, its container idle. */
    static List<VmUtilization> idle(long allocated, long balloon, long used, long available) {
        var window = new ArrayList<VmUtilization>();
        for (int ago : new int[] {5, 0}) {
            window.add(sample(
                    "t",
                    allocated,
                    balloon,
                    used,
                    available,
                    idleContainer(),
                    NOW.minusSeconds(300),
                    NOW.minusSeconds(ago)));
        }
        return window;
    }

    static List<ContainerUtilization> idleContainer() {
        return List.of(container(ContainerState.IDLE, 512));
    }

    static ContainerUtilization container(ContainerState state, long limit) {
        return new ContainerUtilization(
                "c-" + state + limit, "arn:aws:lambda:us-east-1:000000000001:function:f:1", state, limit, 30);
    }

    static VmUtilization sample(
            String tenant,
            long allocated,
            long balloon,
            long used,
            long available,
            List<ContainerUtilization> containers,
            Instant lastInvocationAt,
            Instant sampledAt) {
        return new VmUtilization(
                "vm-1", "w1", tenant, allocated, balloon, used, available, containers, lastInvocationAt, 0, sampledAt);
    }
}
