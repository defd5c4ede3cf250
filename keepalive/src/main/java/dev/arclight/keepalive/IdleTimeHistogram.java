package dev.arclight.keepalive;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * The idle times of one function, in 1-minute bins up to 4 hours (the range-limited histogram of
 * Shahrad et al., ATC'20), with a count of the idle times beyond the range.
 *
 * <p>Bin {@code b} counts idle times of at least {@code b} and less than {@code b + 1} minutes.
 * With an {@code ageAt} above zero, all counts are halved (rounding down) whenever the observations
 * reach it, so old behaviour fades and the counts stay small: 240 bins of at most {@code ageAt}
 * each, which is under 1 KB serialised. The published policy never ages ({@code ageAt} 0).
 */
public final class IdleTimeHistogram {

    public static final int BINS = 240;

    private final int ageAt;
    private final int[] counts = new int[BINS];
    private int inBound;
    private int outOfBounds;

    public IdleTimeHistogram(int ageAt) {
        if (ageAt < 0) {
            throw new IllegalArgumentException("ageAt must be 0 (never) or positive, was " + ageAt);
        }
        this.ageAt = ageAt;
    }

    /** The bin of an idle time, or {@link #BINS} when it is out of bounds. */
    public static int binOf(Duration idle) {
        long minutes = Math.max(0, idle.toMinutes());
        return (int) Math.min(BINS, minutes);
    }

    public void record(Duration idle) {
        int bin = binOf(idle);
        if (bin == BINS) {
            outOfBounds++;
        } else {
            counts[bin]++;
            inBound++;
        }
        if (ageAt > 0 && observations() >= ageAt) {
            age();
        }
    }

    private void age() {
        inBound = 0;
        for (int b = 0; b < BINS; b++) {
            counts[b] /= 2;
            inBound += counts[b];
        }
        outOfBounds /= 2;
    }

    public int count(int bin) {
        return counts[bin];
    }

    public int inBound() {
        return inBound;
    }

    public int outOfBounds() {
        return outOfBounds;
    }

    public int observations() {
        return inBound + outOfBounds;
    }

    /** Observations of at least {@code bin} minutes, out-of-bound ones included. */
    public int atLeast(int bin) {
        int n = outOfBounds;
        for (int b = Math.max(0, bin); b < BINS; b++) {
            n += counts[b];
        }
        return n;
    }

    /** The first bin at which the in-bound observations reach {@code p} (0..1); -1 when empty. */
    public int percentileBin(double p) {
        if (inBound == 0) {
            return -1;
        }
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= p * inBound) {
                return b;
            }
        }
        return BINS - 1;
    }

    /**
     * The coefficient of variation of the bin counts (sample standard deviation over mean, over
     * all 240 bins): high when the idle times gather in a few bins, low when they are spread or
     * few. 0 when the histogram is empty.
     */
    public double coefficientOfVariation() {
        if (inBound == 0) {
            return 0;
        }
        double mean = (double) inBound / BINS;
        double squares = 0;
        for (int c : counts) {
            squares += (c - mean) * (c - mean);
        }
        return Math.sqrt(squares / (BINS - 1)) / mean;
    }

    /** Out-of-bound observations over all observations; 0 when empty. */
    public double outOfBoundRate() {
        int n = observations();
        return n == 0 ? 0 : (double) outOfBounds / n;
    }

    /**
     * Sparse: only the bins that are not empty, each count in 7-bit groups (1 byte up to 127, 2 up
     * to 16,383), so an aged histogram (counts below 1,024) writes at most 6 + 240 x 3 = 726 bytes.
     */
    void write(DataOutput out) throws IOException {
        int nonEmpty = 0;
        for (int c : counts) {
            nonEmpty += c > 0 ? 1 : 0;
        }
        out.writeInt(outOfBounds);
        out.writeShort(nonEmpty);
        for (int b = 0; b < BINS; b++) {
            if (counts[b] > 0) {
                out.writeByte(b);
                writeVarInt(out, counts[b]);
            }
        }
    }

    static IdleTimeHistogram read(DataInput in, int ageAt) throws IOException {
        var histogram = new IdleTimeHistogram(ageAt);
        histogram.outOfBounds = nonNegative(in.readInt());
        int nonEmpty = in.readUnsignedShort();
        if (nonEmpty > BINS) {
            throw new IOException("a histogram has at most " + BINS + " bins, the state says " + nonEmpty);
        }
        for (int i = 0; i < nonEmpty; i++) {
            int bin = in.readUnsignedByte();
            if (bin >= BINS) {
                throw new IOException("bin " + bin + " is out of range");
            }
            histogram.counts[bin] = readVarInt(in);
            histogram.inBound += histogram.counts[bin];
        }
        return histogram;
    }

    private static void writeVarInt(DataOutput out, int value) throws IOException {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInput in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return nonNegative(value);
            }
        }
        throw new IOException("a count is longer than 5 bytes");
    }

    private static int nonNegative(int count) throws IOException {
        if (count < 0) {
            throw new IOException("a count cannot be negative: " + count);
        }
        return count;
    }
}
