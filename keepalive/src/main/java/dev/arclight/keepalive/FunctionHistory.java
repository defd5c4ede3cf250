package dev.arclight.keepalive;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * What a policy remembers of one function: its idle-time histogram, the histogram of the idle
 * times that followed a short one (a burst: {@link #afterBurst}), when its last invocation ended,
 * and its last few idle times in minutes (for forecasting idle times beyond the histogram's range,
 * and to know whether the function is in a burst). Bounded: 240 + {@value #BURST_BINS} 16-bit
 * bins and {@value #RECENT} idle times, 480 + 120 + 64 = 664 bytes of arrays in memory; at most 699
 * bytes written
 * when the histogram ages (see {@link #write}).
 */
public final class FunctionHistory {

    static final int RECENT = 8;

    /** An idle time of at most this many minutes puts the function in a burst. */
    static final int BURST_MINUTES = 2;
    /**
     * The burst histogram's range: after a burst the next idle time is short or the burst is over,
     * and beyond an hour the function's own histogram says as much.
     */
    static final int BURST_BINS = 60;

    private final IdleTimeHistogram histogram;
    /**
     * The idle times that followed one of at most {@value #BURST_MINUTES} minutes, aged with the
     * histogram (so it never holds more than the histogram's observations).
     */
    private final IdleTimeHistogram afterBurst;

    private final long[] recentMinutes = new long[RECENT];
    private int recentCount;
    private Instant lastInvocation;

    FunctionHistory(int ageAt) {
        this(new IdleTimeHistogram(ageAt), new IdleTimeHistogram(BURST_BINS, 0));
    }

    private FunctionHistory(IdleTimeHistogram histogram, IdleTimeHistogram afterBurst) {
        this.histogram = histogram;
        this.afterBurst = afterBurst;
    }

    /** An invocation ended at {@code at}: the idle time since the previous one is recorded. */
    void invoked(Instant at) {
        if (lastInvocation != null && !at.isBefore(lastInvocation)) {
            recordIdle(Duration.between(lastInvocation, at));
        }
        if (lastInvocation == null || at.isAfter(lastInvocation)) {
            lastInvocation = at;
        }
    }

    void recordIdle(Duration idle) {
        if (inBurst()) {
            afterBurst.record(idle);
        }
        if (histogram.record(idle)) {
            afterBurst.age();
        }
        recentMinutes[recentCount % RECENT] = Math.max(0, idle.toMinutes());
        recentCount++;
    }

    public IdleTimeHistogram histogram() {
        return histogram;
    }

    /** The idle times that followed a burst, 1-minute bins up to {@value #BURST_BINS} minutes. */
    public IdleTimeHistogram afterBurst() {
        return afterBurst;
    }

    /** The last idle time was at most {@value #BURST_MINUTES} minutes. */
    public boolean inBurst() {
        return recentCount > 0 && recentMinutes[(recentCount - 1) % RECENT] <= BURST_MINUTES;
    }

    /** When the last invocation ended; null before the first. */
    public Instant lastInvocation() {
        return lastInvocation;
    }

    /**
     * How far the function's idle times wander: the largest difference between two consecutive
     * ones of the last {@value #RECENT}, relative to the larger of the two (0 for a timer that
     * keeps its period to the minute, 1/60 for an hourly one that alternates 59 and 60 minutes);
     * 1 until {@value #RECENT} idle times are known, as nothing says the function keeps time yet.
     */
    public double wander() {
        if (recentCount < RECENT) {
            return 1;
        }
        long[] recent = recentIdleMinutes();
        double wander = 0;
        for (int i = 1; i < recent.length; i++) {
            long larger = Math.max(recent[i], recent[i - 1]);
            if (larger > 0) {
                wander = Math.max(wander, (double) Math.abs(recent[i] - recent[i - 1]) / larger);
            }
        }
        return wander;
    }

    /** The last idle times, oldest first, in minutes. */
    public long[] recentIdleMinutes() {
        int n = Math.min(recentCount, RECENT);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = recentMinutes[(recentCount - n + i) % RECENT];
        }
        return out;
    }

    /**
     * 8 + 1 + 8 x 8 bytes, then the histograms: at most 493 (aged at 1,024, see {@link
     * IdleTimeHistogram#write}) and 6 + 60 x 2 + 7 = 133 (it holds fewer observations than the
     * histogram), 699 bytes in all (the name is its
     * holder's).
     */
    void write(DataOutput out) throws IOException {
        out.writeLong(lastInvocation == null ? Long.MIN_VALUE : lastInvocation.toEpochMilli());
        long[] recent = recentIdleMinutes();
        out.writeByte(recent.length);
        for (long minutes : recent) {
            out.writeLong(minutes);
        }
        histogram.write(out);
        afterBurst.write(out);
    }

    static FunctionHistory read(DataInput in, int ageAt) throws IOException {
        long last = in.readLong();
        int recent = in.readUnsignedByte();
        if (recent > RECENT) {
            throw new IOException("at most " + RECENT + " recent idle times, the state says " + recent);
        }
        long[] minutes = new long[recent];
        for (int i = 0; i < recent; i++) {
            minutes[i] = in.readLong();
        }
        var history = new FunctionHistory(IdleTimeHistogram.read(in, ageAt), IdleTimeHistogram.read(in, BURST_BINS, 0));
        history.lastInvocation = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        for (long m : minutes) {
            history.recentMinutes[history.recentCount++ % RECENT] = m;
        }
        return history;
    }

    @Override
    public String toString() {
        return "FunctionHistory[last=" + lastInvocation + ", recent=" + Arrays.toString(recentIdleMinutes())
                + ", observations=" + histogram.observations() + ", afterBurst=" + afterBurst.observations() + "]";
    }
}
