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
}
