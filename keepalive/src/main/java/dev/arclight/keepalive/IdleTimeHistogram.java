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
 * reach it, so old behaviour fades and the counts stay small. The published policy never ages
 * ({@code ageAt} 0). Counts are 16 bits, so that two histograms of a function fit in 1 KB: 240
 * bins take 480 bytes in memory; a count that would pass 65,535 halves them all first, which keeps
 * the histogram's shape (a function called every minute reaches that after 45 days). A shorter
 * range ({@code bins} below 240) counts everything from {@code bins} minutes on as out of bounds.
 */
public final class IdleTimeHistogram {

    public static final int BINS = 240;
    static final int MAX_COUNT = Character.MAX_VALUE;

    private final int ageAt;
    private final char[] counts;
    private int inBound;
    private int outOfBounds;

    public IdleTimeHistogram(int ageAt) {
        this(BINS, ageAt);
    }

    /** Bins of 1 minute from 0 to {@code bins} (1 to 240) minutes. */
    public IdleTimeHistogram(int bins, int ageAt) {
        if (ageAt < 0 || ageAt > MAX_COUNT) {
            throw new IllegalArgumentException("ageAt must be 0 (never) or 1 to " + MAX_COUNT + ", was " + ageAt);
        }
        if (bins < 1 || bins > BINS) {
            throw new IllegalArgumentException("bins must be 1 to " + BINS + ", was " + bins);
        }
        this.ageAt = ageAt;
        this.counts = new char[bins];
    }

    public int bins() {
        return counts.length;
    }

    /** The bin of an idle time, or {@link #BINS} when it is out of bounds. */
    public static int binOf(Duration idle) {
        long minutes = Math.max(0, idle.toMinutes());
        return (int) Math.min(BINS, minutes);
    }

    /**
     * Records {@code idle}; true when that aged the histogram (its counts were halved once: by
     * {@code ageAt}, or, when it never ages, because a count was full).
     */
    public boolean record(Duration idle) {
        int bin = Math.min(binOf(idle), counts.length);
        boolean full = bin == counts.length ? outOfBounds == MAX_COUNT : counts[bin] == MAX_COUNT;
        if (full) {
            age();
        }
        if (bin == counts.length) {
            outOfBounds++;
        } else {
            counts[bin]++;
            inBound++;
        }
        if (ageAt > 0 && observations() >= ageAt) {
            age();
            return true;
        }
        return full;
    }

    /** Halves every count (rounding down), as aging does. */
    void age() {
        inBound = 0;
        for (int b = 0; b < counts.length; b++) {
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
        for (int b = Math.max(0, bin); b < counts.length; b++) {
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
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= p * inBound) {
                return b;
            }
        }
        return counts.length - 1;
    }

    /**
     * The coefficient of variation of the bin counts (sample standard deviation over mean, over
     * all bins): high when the idle times gather in a few bins, low when they are spread or
     * few. 0 when the histogram is empty.
     */
    public double coefficientOfVariation() {
        if (inBound == 0) {
            return 0;
        }
        double mean = (double) inBound / counts.length;
        double squares = 0;
        for (int c : counts) {
            squares += (c - mean) * (c - mean);
        }
        return counts.length == 1 ? 0 : Math.sqrt(squares / (counts.length - 1)) / mean;
    }

    /**
     * Per bin, the largest count within {@code max(1, spread x bin)} bins of it (the estimate of
     * {@link ArclightKeepAlivePolicy} for a day's few idle times).
     */
    int[] spreadCounts(double spread) {
        return spreadCounts(spread, 1);
    }

    /**
     * Per bin, the largest count within {@code max(minRadius, spread x bin)} bins of it; a radius
     * of 0 leaves a bin's own count. Both ends of the window ({@code b - radius}, {@code b +
     * radius}) only move right as {@code b} grows, so one pass with a deque of candidate maxima
     * does it (a schedule is computed after every invocation minute of every function).
     */
    int[] spreadCounts(double spread, int minRadius) {
        if (minRadius < 0 || !(spread >= 0)) {
            throw new IllegalArgumentException("spread " + spread + " and minRadius " + minRadius + " must be >= 0");
        }
        int bins = counts.length;
        int[] out = new int[bins];
        int[] deque = new int[bins];
        int head = 0;
        int tail = 0;
        int next = 0;
        for (int b = 0; b < bins; b++) {
            int radius = Math.max(minRadius, (int) (spread * b));
            int right = Math.min(bins - 1, b + radius);
            for (; next <= right; next++) {
                while (tail > head && count(deque[tail - 1]) <= count(next)) {
                    tail--;
                }
                deque[tail++] = next;
            }
            while (deque[head] < b - radius) {
                head++;
            }
            out[b] = count(deque[head]);
        }
        return out;
    }

    /** Out-of-bound observations over all observations; 0 when empty. */
    public double outOfBoundRate() {
        int n = observations();
        return n == 0 ? 0 : (double) outOfBounds / n;
    }

    /**
     * Sparse: only the bins that are not empty, each count in 7-bit groups (1 byte up to 127, 2 up
     * to 16,383): a histogram aged at 1,024 observations has fewer than 1,024 in all, so at most 7
     * counts of 2 bytes, and writes at most 6 + 240 x 2 + 7 = 493 bytes.
     */
    void write(DataOutput out) throws IOException {
        int nonEmpty = 0;
        for (int c : counts) {
            nonEmpty += c > 0 ? 1 : 0;
        }
        out.writeInt(outOfBounds);
        out.writeShort(nonEmpty);
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                out.writeByte(b);
                writeVarInt(out, counts[b]);
            }
        }
    }

    static IdleTimeHistogram read(DataInput in, int ageAt) throws IOException {
        return read(in, BINS, ageAt);
    }

    static IdleTimeHistogram read(DataInput in, int bins, int ageAt) throws IOException {
        var histogram = new IdleTimeHistogram(bins, ageAt);
        histogram.outOfBounds = sixteenBits(nonNegative(in.readInt()));
        int nonEmpty = in.readUnsignedShort();
        if (nonEmpty > bins) {
            throw new IOException("a histogram has at most " + bins + " bins, the state says " + nonEmpty);
        }
        for (int i = 0; i < nonEmpty; i++) {
            int bin = in.readUnsignedByte();
            if (bin >= bins) {
                throw new IOException("bin " + bin + " is out of range");
            }
            histogram.counts[bin] = (char) sixteenBits(readVarInt(in));
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

    private static int sixteenBits(int count) throws IOException {
        if (count > MAX_COUNT) {
            throw new IOException("a count is at most " + MAX_COUNT + ": " + count);
        }
        return count;
    }

    private static int nonNegative(int count) throws IOException {
        if (count < 0) {
            throw new IOException("a count cannot be negative: " + count);
        }
        return count;
    }
}
