package dev.arclight.reclaim.policy;

import static dev.arclight.reclaim.policy.PolicySamples.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arclight.contracts.utilization.ContainerState;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the policy shrinks a VM to, and when it leaves one alone. */
class ResizePolicyTests {

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
        // autodeflate: MemTotal stays 490 MiB at a 128 MiB balloon; 458 "used", all 384 balloon pages among them
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 128, 458, 32, List.of(), null, NOW)))
                .isEqualTo(74);
        // a kernel that takes the balloon out of MemTotal reports the need as it is
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 128, 74, 32, List.of(), null, NOW)))
                .isEqualTo(74);
        assertThat(ResizePolicy.guestNeedMib(sample("t", 512, 512, 74, 416, List.of(), null, NOW)))
                .isEqualTo(74);
    }

    @Test
    void theMemoryTheGuestsKernelReservesIsNotNeed() {
        // A 2 GiB VM claimed from the pool, at 672 MiB, as an end-to-end run sampled it: MemTotal 1979
        // MiB (69 MiB short of the maximum: the kernel's own), 415 MiB available.
        assertThat(ResizePolicy.guestNeedMib(sample("t", 2048, 672, 1564, 415, List.of(), null, NOW)))
                .isEqualTo(188);
        // the same guest unshrunk, at its maximum
        assertThat(ResizePolicy.guestNeedMib(sample("t", 2048, 2048, 188, 1791, List.of(), null, NOW)))
                .isEqualTo(188);
    }

    @Test
    void anIdleVmIsShrunkToItsIdleNeedNotToWhatItsLastCallUsed() {
        var lastCall = NOW.minusSeconds(90);
        var window = List.of(
                sample("t", 1024, 1024, 600, 400, busyContainer(), lastCall, NOW.minusSeconds(85)),
                sample("t", 1024, 1024, 120, 880, idleContainer(), lastCall, NOW.minusSeconds(40)),
                sample("t", 1024, 1024, 110, 890, idleContainer(), lastCall, NOW));

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "IDLE", 1024, 184, 0));
    }

    @Test
    void aSampleTakenAsACallEndsIsNotIdleNeed() {
        // the first idle sample came 1 s after the call's last busy one, its balloon statistics still the call's
        var lastCall = NOW.minusSeconds(100);
        var window = List.of(
                sample("t", 1024, 1024, 600, 400, busyContainer(), lastCall, NOW.minusSeconds(70)),
                sample("t", 1024, 1024, 590, 410, idleContainer(), lastCall, NOW.minusSeconds(69)),
                sample("t", 1024, 1024, 120, 880, idleContainer(), lastCall, NOW.minusSeconds(64)),
                sample("t", 1024, 1024, 110, 890, idleContainer(), lastCall, NOW));

        assertThat(((Verdict.Resize) policy.decide(window, Optional.empty())).targetMib())
                .isEqualTo(184);
    }

    @Test
    void aCallTooShortToBeSampledBusyStillSettlesFromItsStart() {
        var lastCall = NOW.minusSeconds(62);
        var window = List.of(
                sample("t", 1024, 1024, 500, 500, idleContainer(), lastCall, NOW.minusSeconds(60)),
                sample("t", 1024, 1024, 110, 890, idleContainer(), lastCall, NOW));

        assertThat(((Verdict.Resize) policy.decide(window, Optional.empty())).targetMib())
                .isEqualTo(176);
    }

    @Test
    void anIdleVmWhoseLongCallJustEndedWaitsForASettledSample() {
        // the call started 100 s ago and ran until 2 s ago: idle by its start, not yet settled
        var lastCall = NOW.minusSeconds(100);
        var window = List.of(
                sample("t", 1024, 1024, 600, 400, busyContainer(), lastCall, NOW.minusSeconds(2)),
                sample("t", 1024, 1024, 110, 890, idleContainer(), lastCall, NOW));

        assertThat(policy.decide(window, Optional.empty())).isEqualTo(new Verdict.Hold("settling after its last call"));
    }

    @Test
    void aBusyVmIsStillShrunkOnlyTowardThePeakOfEverySample() {
        var lastCall = NOW.minusSeconds(5);
        var window = List.of(
                sample("t", 1024, 1024, 400, 600, busyContainer(128), lastCall, NOW.minusSeconds(40)),
                sample("t", 1024, 1024, 100, 900, idleContainer(), lastCall, NOW));

        assertThat(policy.decide(window, Optional.empty()))
                .isEqualTo(new Verdict.Resize(Direction.SHRINK, "OVER_PROVISIONED", 1024, 464, 0));
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
}
