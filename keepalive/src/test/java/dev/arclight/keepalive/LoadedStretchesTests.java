package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadedStretchesTests {

    private static final double F = ShrunkMemory.FRACTION;

    /** Hazards for bins 0.. (bin 0 is the call's own minute and never chosen here). */
    private static boolean[] choose(double... hazards) {
        return LoadedStretches.choose(hazards, 1.0);
    }

    @Test
    void aMinuteWorthItsFullMemoryIsLoadedAlone() {
        assertThat(choose(0, 0, 0, 1.2, 0, 0)).containsExactly(false, false, false, true, false, false);
    }

    @Test
    void aLoneMinuteWorthOnlyItsShrunkMemoryIsNotLoaded() {
        assertThat(choose(0, 0, 0, (F + 1) / 2, 0, 0)).containsOnly(false);
    }

    @Test
    void aStretchIsLoadedOnlyWhenItsMinutesTogetherPayForItsFirst() {
        double h = F + 0.07;
        // The first minute saves h - 1 = -0.30, each next one h - F = 0.07: three minutes -0.16,
        // five -0.02, six +0.05.
        assertThat(choose(0, h, h, h, 0)).containsOnly(false);
        assertThat(choose(0, h, h, h, h, h, 0)).containsOnly(false);
        assertThat(choose(0, h, h, h, h, h, h, 0)).containsExactly(false, true, true, true, true, true, true, false);
    }

    @Test
    void aShortDipBetweenTwoLoadedStretchesIsBridged() {
        // Bridging costs F - 0.5 = 0.13, restarting costs 1 - F = 0.37 more.
        assertThat(choose(0, 1, 1, 0.5, 1, 1)).containsExactly(false, true, true, true, true, true);
        // A long dip is not: five minutes at hazard 0 cost 5 F, more than a restart.
        assertThat(choose(0, 1, 1, 0, 0, 0, 0, 0, 1, 1))
                .containsExactly(false, true, true, false, false, false, false, false, true, true);
    }

    @Test
    void theFullCostScalesTheThresholds() {
        assertThat(LoadedStretches.choose(new double[] {0, 0.5, 0}, 0.4)).containsExactly(false, true, false);
        assertThat(LoadedStretches.choose(new double[] {0, 0.5, 0}, 0.6)).containsExactly(false, false, false);
    }

    @Test
    void choosesTheMostSavingSetOfMinutesAsABruteForceDoes() {
        var random = new Random(13);
        for (int trial = 0; trial < 300; trial++) {
            double[] hazards = new double[1 + random.nextInt(11)];
            for (int b = 1; b < hazards.length; b++) {
                hazards[b] = random.nextDouble() * 1.3;
            }
            boolean[] chosen = choose(hazards);
            double best = Double.NEGATIVE_INFINITY;
            for (int mask = 0; mask < 1 << (hazards.length - 1); mask++) {
                boolean[] load = new boolean[hazards.length];
                for (int b = 1; b < hazards.length; b++) {
                    load[b] = (mask >> (b - 1) & 1) == 1;
                }
                best = Math.max(best, saved(hazards, load));
            }
            assertThat(saved(hazards, chosen))
                    .as(Arrays.toString(hazards))
                    .isCloseTo(best, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(chosen[0]).isFalse();
        }
    }

    private static double saved(double[] hazards, boolean[] load) {
        double saved = 0;
        for (int b = 1; b < hazards.length; b++) {
            if (load[b]) {
                saved += hazards[b] - (b > 1 && load[b - 1] ? F : 1);
            }
        }
        return saved;
    }
}
