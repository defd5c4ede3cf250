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
    void largeCountsOfAHistogramThatNeverAgesRoundTrip() throws IOException {
        var histories = new FunctionHistories(clock, 0);
        for (int i = 0; i < 70_000; i++) {
            histories.recordIdle("f", Duration.ofMinutes(1));
        }
        var bytes = new ByteArrayOutputStream();
        histories.writeTo(bytes);
        var read = new FunctionHistories(clock, 0);
        read.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.of("f").histogram().count(1)).isEqualTo(70_000);
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
}
