package dev.arclight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutFoldsTests {

    private static PolicyResult result(String name, double coldPercent, double wasted) {
        return new PolicyResult(name, 0, 0, coldPercent, 0, wasted, 0);
    }

    private static HeldOutFolds.Fold fold(PolicyResult... frontier) {
        return new HeldOutFolds.Fold(
                0,
                new Trace("t", 1, List.of()),
                result("fixed-10", 1.0, 100),
                result("hybrid", 0.5, 150),
                List.of(frontier));
    }

    @Test
    void readsTheFrontierAtAMemoryRatioBetweenTwoPrices() {
        var fold = fold(result("a@15", 0.4, 90), result("a@30", 0.3, 110), result("a@60", 0.2, 130));
        assertThat(fold.memoryRatio(fold.frontier().get(1))).isCloseTo(1.1, within(1e-12));
        assertThat(fold.coldPercentAt(1.0)).isCloseTo(0.35, within(1e-12));
        assertThat(fold.coldPercentAt(1.2)).isCloseTo(0.25, within(1e-12));
        assertThat(fold.coldPercentAt(1.3)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aRatioOffTheFrontierIsNotGuessed() {
        var fold = fold(result("a@15", 0.4, 90), result("a@30", 0.3, 110));
        assertThat(fold.coldPercentAt(0.8)).isNaN();
        assertThat(fold.coldPercentAt(1.2)).isNaN();
    }

    @Test
    void aFrontierThatTurnsBackIsReadAtItsBestPoint() {
        // A higher price that holds less memory for fewer cold starts: the lower reading counts.
        var fold = fold(result("a@15", 0.4, 90), result("a@30", 0.3, 130), result("a@60", 0.2, 95));
        assertThat(fold.coldPercentAt(1.0)).isCloseTo(0.2 + 0.1 * 5 / 35, within(1e-12));
    }

    @Test
    void splitsTheFunctionsByIndexModuloTheFoldsAndTracesEveryPrice() {
        var functions = new ArrayList<FunctionTrace>();
        for (int i = 0; i < 8; i++) {
            functions.add(new FunctionTrace("f" + i, 128, new int[] {0, 5 + i, 30 + 2 * i}, new int[] {1, 1, 1}));
        }
        var trace = new Trace("t", 60, List.copyOf(functions));
        var progress = new ArrayList<String>();
        List<HeldOutFolds.Fold> folds = HeldOutFolds.run(trace, 4, progress::add);
        assertThat(folds).hasSize(4);
        assertThat(progress).hasSize(4);
        assertThat(folds.get(1).trace().functions())
                .extracting(FunctionTrace::id)
                .containsExactly("f1", "f5");
        for (HeldOutFolds.Fold fold : folds) {
            assertThat(fold.frontier())
                    .extracting(PolicyResult::name)
                    .containsExactly("arclight@15", "arclight@30", "arclight@60", "arclight@120", "arclight@240");
            assertThat(fold.fixed10().invocations()).isEqualTo(6);
        }
        String table = HeldOutFolds.table(trace, folds);
        assertThat(table)
                .contains("4 folds")
                .contains("fold 3")
                .contains("arclight@240")
                .contains("cold % at 1.05 x mem");
    }
}
