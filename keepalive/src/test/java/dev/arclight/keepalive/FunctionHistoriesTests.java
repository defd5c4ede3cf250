package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionHistoriesTests {

    private final MutableClock clock = new MutableClock();

    @Test
    void recordsTheIdleTimeBetweenInvocations() {
        var histories = new FunctionHistories(clock, 0);
        histories.invoked("f");
        clock.advanceMinutes(7);
        histories.invoked("f");
        assertThat(histories.of("f").histogram().count(7)).isEqualTo(1);
        assertThat(histories.of("f").recentIdleMinutes()).containsExactly(7);
        assertThat(histories.of("f").lastInvocation()).isEqualTo(clock.instant());
    }

    @Test
    void keepsOnlyTheLastEightIdleTimes() {
        var histories = new FunctionHistories(clock, 0);
        for (int i = 1; i <= 10; i++) {
            histories.recordIdle("f", Duration.ofMinutes(i));
        }
        assertThat(histories.of("f").recentIdleMinutes()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void roundTripsEveryFunction() throws IOException {
        var histories = new FunctionHistories(clock, 0);
        histories.invoked("a");
        clock.advanceMinutes(3);
        histories.invoked("a");
        histories.recordIdle("b", Duration.ofHours(6));
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        var read = new FunctionHistories(clock, 0);
        read.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.of("a").histogram().count(3)).isEqualTo(1);
        assertThat(read.of("a").lastInvocation()).isEqualTo(clock.instant());
        assertThat(read.of("b").lastInvocation()).isNull();
        assertThat(read.of("b").histogram().outOfBounds()).isEqualTo(1);
    }

    @Test
    void aFunctionWithEveryBinFullOfAgedCountsWritesUnderOneKilobyte() throws IOException {
        var histories = new FunctionHistories(clock, 1024);
        var empty = new ByteArrayOutputStream();
        histories.writeTo(empty);
        // Ages at 1,024 observations: record until every bin holds a count and the last are large.
        for (int round = 0; round < 30; round++) {
            for (int b = 0; b < IdleTimeHistogram.BINS; b++) {
                histories.recordIdle("f", Duration.ofMinutes(b));
            }
        }
        histories.recordIdle("f", Duration.ofHours(6));
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        assertThat(bytes.size() - empty.size()).isLessThan(1024);
        var read = new FunctionHistories(clock, 1024);
        read.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        for (int b = 0; b < IdleTimeHistogram.BINS; b++) {
            assertThat(read.of("f").histogram().count(b))
                    .isEqualTo(histories.of("f").histogram().count(b));
        }
        assertThat(read.of("f").histogram().outOfBounds())
                .isEqualTo(histories.of("f").histogram().outOfBounds());
    }

    @Test
    void theIdleTimesAfterABurstAreCountedApartWithinTheHour() {
        var histories = new FunctionHistories(clock, 0);
        for (long idle : new long[] {30, 1, 40, 2, 90, 3, 20}) {
            histories.recordIdle("f", Duration.ofMinutes(idle));
        }
        FunctionHistory history = histories.of("f");
        // 40 followed 1, 90 followed 2 (beyond the burst histogram's hour); 20 followed 3, no burst.
        assertThat(history.afterBurst().count(40)).isEqualTo(1);
        assertThat(history.afterBurst().outOfBounds()).isEqualTo(1);
        assertThat(history.afterBurst().observations()).isEqualTo(2);
        assertThat(history.histogram().observations()).isEqualTo(7);
        assertThat(history.inBurst()).isFalse();
        histories.recordIdle("f", Duration.ofMinutes(2));
        assertThat(histories.of("f").inBurst()).isTrue();
        assertThat(new FunctionHistories(clock, 0).of("new").inBurst()).isFalse();
    }

    @Test
    void theBurstHistogramAgesWithTheHistogram() {
        var histories = new FunctionHistories(clock, 8);
        for (int i = 0; i < 7; i++) {
            histories.recordIdle("f", Duration.ofMinutes(1));
        }
        // Six of the seven followed a burst; the eighth observation ages both.
        assertThat(histories.of("f").afterBurst().count(1)).isEqualTo(6);
        histories.recordIdle("f", Duration.ofMinutes(1));
        assertThat(histories.of("f").histogram().count(1)).isEqualTo(4);
        assertThat(histories.of("f").afterBurst().count(1)).isEqualTo(3);
    }

    @Test
    void aFunctionWithBothHistogramsFullOfAgedCountsWritesUnderOneKilobyte() throws IOException {
        var histories = new FunctionHistories(clock, 1024);
        var empty = new ByteArrayOutputStream();
        histories.writeTo(empty);
        // Every idle time after a 1-minute one, so every bin of both histograms fills.
        for (int round = 0; round < 30; round++) {
            for (int b = 0; b < IdleTimeHistogram.BINS; b++) {
                histories.recordIdle("f", Duration.ofMinutes(1));
                histories.recordIdle("f", Duration.ofMinutes(b));
            }
        }
        histories.recordIdle("f", Duration.ofHours(6));
        FunctionHistory history = histories.of("f");
        for (int b = 0; b < FunctionHistory.BURST_BINS; b++) {
            assertThat(history.afterBurst().count(b)).as("bin %d", b).isPositive();
        }
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        assertThat(bytes.size() - empty.size()).isLessThan(1024);
        var read = new FunctionHistories(clock, 1024);
        read.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        for (int b = 0; b < FunctionHistory.BURST_BINS; b++) {
            assertThat(read.of("f").afterBurst().count(b))
                    .isEqualTo(history.afterBurst().count(b));
        }
        assertThat(read.of("f").afterBurst().outOfBounds())
                .isEqualTo(history.afterBurst().outOfBounds());
        assertThat(read.of("f").inBurst()).isEqualTo(history.inBurst());
    }

    @Test
    void largeCountsOfAHistogramThatNeverAgesRoundTripHalvedAtSixteenBits() throws IOException {
        var histories = new FunctionHistories(clock, 0);
        for (int i = 0; i < 70_000; i++) {
            histories.recordIdle("f", Duration.ofMinutes(1));
        }
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        var read = new FunctionHistories(clock, 0);
        read.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        // 65,535 fill the bin, the next one halves it first: 32,767 + 4,465.
        assertThat(histories.of("f").histogram().count(1)).isEqualTo(37_232);
        assertThat(read.of("f").histogram().count(1)).isEqualTo(37_232);
    }

    @Test
    void rejectsWhatIsNotItsState() {
        var histories = new FunctionHistories(clock, 0);
        assertThatThrownBy(() -> histories.readFrom(new ByteArrayInputStream(new byte[] {0, 0, 0, 1, 0})))
                .isInstanceOf(IOException.class);
    }

    @Test
    void askingAboutAnUnknownFunctionStoresNothing() {
        var histories = new FunctionHistories(clock, 0);
        assertThat(histories.of("never").histogram().observations()).isZero();
        assertThat(histories.knows("never")).isFalse();
        assertThat(histories.size()).isZero();
    }

    @Test
    void forgetsAFunctionNotInvokedForLongerThanTheRetention() {
        var histories = new FunctionHistories(clock, 0, new HistoryRetention(Duration.ofHours(10), 100));
        histories.invoked("old");
        clock.advanceMinutes(5 * 60);
        histories.invoked("recent");
        clock.advanceMinutes(5 * 60);
        assertThat(histories.forget()).isZero();
        clock.advanceMinutes(1);
        histories.invoked("another");
        assertThat(histories.knows("old")).isFalse();
        assertThat(histories.knows("recent")).isTrue();
        assertThat(histories.size()).isEqualTo(2);
    }

    @Test
    void anInvocationKeepsAFunctionFromBeingForgotten() {
        var histories = new FunctionHistories(clock, 0, new HistoryRetention(Duration.ofHours(1), 100));
        histories.invoked("f");
        for (int i = 0; i < 10; i++) {
            clock.advanceMinutes(50);
            histories.invoked("f");
        }
        assertThat(histories.knows("f")).isTrue();
        assertThat(histories.of("f").histogram().count(50)).isEqualTo(10);
    }

    @Test
    void dropsTheLeastRecentlyInvokedBeyondTheCap() {
        var histories = new FunctionHistories(clock, 0, new HistoryRetention(Duration.ofDays(7), 3));
        for (String f : new String[] {"a", "b", "c"}) {
            histories.invoked(f);
            clock.advanceMinutes(1);
        }
        histories.invoked("a");
        clock.advanceMinutes(1);
        histories.invoked("d");
        assertThat(histories.size()).isEqualTo(3);
        assertThat(histories.knows("b")).isFalse();
        assertThat(histories.knows("a")).isTrue();
        assertThat(histories.knows("c")).isTrue();
        assertThat(histories.knows("d")).isTrue();
    }

    @Test
    void aStateReadBackIsBoundedByTheReadersRetention() throws IOException {
        var writer = new FunctionHistories(clock, 0);
        for (int i = 0; i < 5; i++) {
            writer.invoked("f" + i);
            clock.advanceMinutes(60);
        }
        var bytes = new ByteArrayOutputStream();
        writer.writeTo(bytes);
        var reader = new FunctionHistories(clock, 0, new HistoryRetention(Duration.ofMinutes(150), 2));
        reader.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        // f3 (120 min ago) and f4 (60 min ago) are within 150 minutes and within the cap of two.
        assertThat(reader.size()).isEqualTo(2);
        assertThat(reader.knows("f3")).isTrue();
        assertThat(reader.knows("f4")).isTrue();
    }

    @Test
    void aStateIsWrittenWithoutWhatIsStale() throws IOException {
        var histories = new FunctionHistories(clock, 0, new HistoryRetention(Duration.ofHours(1), 100));
        histories.invoked("stale");
        clock.advanceMinutes(61);
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        var reader = new FunctionHistories(clock, 0);
        reader.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(reader.size()).isZero();
    }

    @Test
    void aFullHistoryOfOneFunctionIsUnderOneKilobyte() throws IOException {
        var histories = new FunctionHistories(clock, 1024);
        histories.invoked("f");
        for (int i = 0; i < 5000; i++) {
            clock.advanceMinutes(1 + (i % 250));
            histories.invoked("f");
        }
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        // 8 bytes of header for the whole state, the name, then the history itself.
        assertThat(bytes.size() - 8 - 2 - 1).isLessThan(1024);
    }

    @Test
    void rejectsARetentionThatKeepsNothing() {
        assertThatThrownBy(() -> new HistoryRetention(Duration.ZERO, 10)).hasMessageContaining("forgetAfter");
        assertThatThrownBy(() -> new HistoryRetention(Duration.ofHours(1), 0)).hasMessageContaining("maxFunctions");
    }

    @Test
    void aFunctionWandersFullyUntilEightIdleTimesAreKnown() {
        var histories = new FunctionHistories(clock, 0);
        histories.invoked("f");
        for (int i = 0; i < FunctionHistory.RECENT - 1; i++) {
            clock.advanceMinutes(10);
            histories.invoked("f");
        }
        assertThat(histories.of("f").wander()).isEqualTo(1);
        clock.advanceMinutes(10);
        histories.invoked("f");
        assertThat(histories.of("f").wander()).isZero();
    }

    @Test
    void theWanderIsTheLargestStepBetweenConsecutiveIdleTimesOverTheLarger() {
        var histories = new FunctionHistories(clock, 0);
        histories.invoked("hourly");
        for (int i = 0; i < 12; i++) {
            clock.advanceMinutes(i % 2 == 0 ? 59 : 60);
            histories.invoked("hourly");
        }
        assertThat(histories.of("hourly").wander()).isEqualTo(1.0 / 60);
        // Only the last eight count: a step older than them is forgotten.
        histories.invoked("g");
        for (long idle : new long[] {40, 10, 10, 10, 10, 10, 10, 10, 10, 8}) {
            clock.advanceMinutes(idle);
            histories.invoked("g");
        }
        assertThat(histories.of("g").wander()).isEqualTo(2.0 / 10);
    }
}
