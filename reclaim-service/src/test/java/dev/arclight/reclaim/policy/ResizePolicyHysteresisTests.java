package dev.arclight.reclaim.policy;

import static dev.arclight.reclaim.policy.PolicySamples.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One resize at a time, replays, pressure grows, steps, cooldowns and backoff: no VM flaps. */
class ResizePolicyHysteresisTests {

    final ResizePolicy policy = new ResizePolicy(SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));

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
        // need 72 MiB plus 64 headroom: 136, 24 MiB below the balloon
        assertThat(policy.decide(idle(512, 160, 72 + 352, 48), Optional.empty()))
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

        // MemTotal 490 MiB (the kernel keeps 22 for itself) holds all 256 balloon pages: the guest needs 74
        assertThat(policy.decide(idle(512, 256, 74 + 256, 160), Optional.of(last)))
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
}
