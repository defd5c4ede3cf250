package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleTimeHistogramTests {

    @Test
    void binsIdleTimesByWholeMinutesUpToFourHours() {
        assertThat(IdleTimeHistogram.binOf(Duration.ofSeconds(59))).isZero();
        assertThat(IdleTimeHistogram.binOf(Duration.ofSeconds(61))).isEqualTo(1);
        assertThat(IdleTimeHistogram.binOf(Duration.ofMinutes(239).plusSeconds(59)))
                .isEqualTo(239);
        assertThat(IdleTimeHistogram.binOf(Duration.ofMinutes(240))).isEqualTo(IdleTimeHistogram.BINS);
        assertThat(IdleTimeHistogram.binOf(Duration.ofSeconds(-5))).isZero();
    }

    @Test
    void countsIdleTimesBeyondTheRangeApart() {
        var histogram = new IdleTimeHistogram(0);
        histogram.record(Duration.ofMinutes(5));
        histogram.record(Duration.ofHours(5));
        assertThat(histogram.count(5)).isEqualTo(1);
        assertThat(histogram.inBound()).isEqualTo(1);
        assertThat(histogram.outOfBounds()).isEqualTo(1);
        assertThat(histogram.outOfBoundRate()).isEqualTo(0.5);
        assertThat(histogram.atLeast(5)).isEqualTo(2);
        assertThat(histogram.atLeast(6)).isEqualTo(1);
    }

    @Test
    void findsPercentilesOverTheInBoundIdleTimes() {
        var histogram = new IdleTimeHistogram(0);
        assertThat(histogram.percentileBin(0.5)).isEqualTo(-1);
        for (int i = 0; i < 95; i++) {
            histogram.record(Duration.ofMinutes(10));
        }
        for (int i = 0; i < 5; i++) {
            histogram.record(Duration.ofMinutes(30));
        }
        assertThat(histogram.percentileBin(0.05)).isEqualTo(10);
        assertThat(histogram.percentileBin(0.95)).isEqualTo(10);
        assertThat(histogram.percentileBin(0.99)).isEqualTo(30);
    }

    @Test
    void coefficientOfVariationIsHighForOneSpikeAndLowForSpreadIdleTimes() {
        var spike = new IdleTimeHistogram(0);
        spike.record(Duration.ofMinutes(60));
        // One full bin of 240: sqrt(240) over the sample standard deviation's n - 1.
        assertThat(spike.coefficientOfVariation()).isCloseTo(Math.sqrt(240), org.assertj.core.data.Offset.offset(0.1));
        var spread = new IdleTimeHistogram(0);
        for (int m = 0; m < 240; m++) {
            spread.record(Duration.ofMinutes(m));
        }
        assertThat(spread.coefficientOfVariation()).isZero();
        assertThat(new IdleTimeHistogram(0).coefficientOfVariation()).isZero();
    }

    @Test
    void agesByHalvingSoCountsStayBounded() {
        var histogram = new IdleTimeHistogram(8);
        for (int i = 0; i < 7; i++) {
            histogram.record(Duration.ofMinutes(1));
        }
        histogram.record(Duration.ofMinutes(2));
        assertThat(histogram.count(1)).isEqualTo(3);
        assertThat(histogram.count(2)).isZero();
        assertThat(histogram.observations()).isEqualTo(3);
    }

    @Test
    void survivesASerialisationRoundTripInUnderOneKilobyte() throws IOException {
        var histogram = new IdleTimeHistogram(0);
        for (int m = 0; m < 240; m++) {
            histogram.record(Duration.ofMinutes(m));
        }
        histogram.record(Duration.ofDays(1));
        var bytes = new ByteArrayOutputStream();
        histogram.write(new DataOutputStream(bytes));
        assertThat(bytes.size()).isLessThan(1024);
        var read = IdleTimeHistogram.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 0);
        assertThat(read.observations()).isEqualTo(241);
        assertThat(read.count(17)).isEqualTo(1);
        assertThat(read.outOfBounds()).isEqualTo(1);
    }

    @Test
    void aShorterRangeCountsEverythingFromItsEndAsOutOfBounds() throws IOException {
        var histogram = new IdleTimeHistogram(60, 0);
        histogram.record(Duration.ofMinutes(59));
        histogram.record(Duration.ofMinutes(60));
        histogram.record(Duration.ofMinutes(200));
        assertThat(histogram.bins()).isEqualTo(60);
        assertThat(histogram.count(59)).isEqualTo(1);
        assertThat(histogram.outOfBounds()).isEqualTo(2);
        assertThat(histogram.atLeast(59)).isEqualTo(3);
        assertThat(histogram.percentileBin(1.0)).isEqualTo(59);
        var bytes = new ByteArrayOutputStream();
        histogram.write(new DataOutputStream(bytes));
        var read = IdleTimeHistogram.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 60, 0);
        assertThat(read.count(59)).isEqualTo(1);
        assertThat(read.outOfBounds()).isEqualTo(2);
        var wide = new IdleTimeHistogram(0);
        wide.record(Duration.ofMinutes(100));
        var wideBytes = new ByteArrayOutputStream();
        wide.write(new DataOutputStream(wideBytes));
        assertThatThrownBy(() -> IdleTimeHistogram.read(
                        new DataInputStream(new ByteArrayInputStream(wideBytes.toByteArray())), 60, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void aSixteenBitCountThatWouldOverflowHalvesTheHistogramFirst() {
        var histogram = new IdleTimeHistogram(0);
        for (int i = 0; i < IdleTimeHistogram.MAX_COUNT; i++) {
            assertThat(histogram.record(Duration.ofMinutes(5))).isFalse();
        }
        histogram.record(Duration.ofMinutes(9));
        assertThat(histogram.count(5)).isEqualTo(IdleTimeHistogram.MAX_COUNT);
        assertThat(histogram.record(Duration.ofMinutes(5))).isTrue();
        assertThat(histogram.count(5)).isEqualTo(IdleTimeHistogram.MAX_COUNT / 2 + 1);
        assertThat(histogram.count(9)).isZero();
        assertThat(histogram.inBound()).isEqualTo(IdleTimeHistogram.MAX_COUNT / 2 + 1);
    }

    @Test
    void rejectsRangesAndAgesItCannotHold() {
        assertThatThrownBy(() -> new IdleTimeHistogram(0, 0)).hasMessageContaining("bins");
        assertThatThrownBy(() -> new IdleTimeHistogram(241, 0)).hasMessageContaining("bins");
        assertThatThrownBy(() -> new IdleTimeHistogram(IdleTimeHistogram.MAX_COUNT + 1))
                .hasMessageContaining("ageAt");
        assertThatThrownBy(() -> new IdleTimeHistogram(-1)).hasMessageContaining("ageAt");
    }

    @Test
    void rejectsAStateWithACountPastSixteenBits() {
        byte[] seventyThousand = {(byte) 0xf0, (byte) 0xa2, 0x04};
        assertThatThrownBy(() -> readOneBinWhoseCountIs(seventyThousand))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("at most 65535");
    }

    /** A state of one bin, 3, whose count is written as {@code count}. */
    private static IdleTimeHistogram readOneBinWhoseCountIs(byte[] count) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(0);
        out.writeShort(1);
        out.writeByte(3);
        out.write(count);
        return IdleTimeHistogram.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 0);
    }

    @Test
    void rejectsAStateWithNegativeCounts() {
        // -4 in 7-bit groups, lowest first: what a count cannot be.
        byte[] minusFour = {(byte) 0xfc, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        assertThatThrownBy(() -> readOneBinWhoseCountIs(minusFour))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void rejectsACountLongerThanFiveBytes() {
        byte[] overlong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
        assertThatThrownBy(() -> readOneBinWhoseCountIs(overlong))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void readsACountWrittenInTwoGroups() throws IOException {
        assertThat(readOneBinWhoseCountIs(new byte[] {(byte) 0xe8, 0x07}).count(3))
                .isEqualTo(1000);
    }

    @Test
    void aSpreadOfRadiusZeroLeavesEveryBinItsOwnCount() {
        var histogram = new IdleTimeHistogram(0);
        histogram.record(Duration.ofMinutes(4));
        histogram.record(Duration.ofMinutes(4));
        histogram.record(Duration.ofMinutes(9));
        int[] sharp = histogram.spreadCounts(0, 0);
        int[] usual = histogram.spreadCounts(0, 1);
        assertThat(sharp[3]).isZero();
        assertThat(sharp[4]).isEqualTo(2);
        assertThat(sharp[9]).isEqualTo(1);
        assertThat(usual[3]).isEqualTo(2);
        assertThat(usual[5]).isEqualTo(2);
        assertThat(histogram.spreadCounts(0.25, 0)[8]).isEqualTo(1);
        assertThat(histogram.spreadCounts(0.25, 0)[7]).isZero();
        assertThatThrownBy(() -> histogram.spreadCounts(0.4, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> histogram.spreadCounts(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
