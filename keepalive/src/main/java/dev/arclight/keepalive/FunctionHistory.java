package dev.arclight.keepalive;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * What a policy remembers of one function: its idle-time histogram, when its last invocation
 * ended, and its last few idle times in minutes (for forecasting idle times beyond the histogram's
 * range). Bounded: 240 bins plus {@value #RECENT} idle times.
 */
public final class FunctionHistory {

    static final int RECENT = 8;

    private final IdleTimeHistogram histogram;
    private final long[] recentMinutes = new long[RECENT];
    private int recentCount;
    private Instant lastInvocation;

    FunctionHistory(int ageAt) {
        this(new IdleTimeHistogram(ageAt));
    }

    private FunctionHistory(IdleTimeHistogram histogram) {
        this.histogram = histogram;
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
        histogram.record(idle);
        recentMinutes[recentCount % RECENT] = Math.max(0, idle.toMinutes());
        recentCount++;
    }

    public IdleTimeHistogram histogram() {
        return histogram;
    }

    /** When the last invocation ended; null before the first. */
    public Instant lastInvocation() {
        return lastInvocation;
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

    void write(DataOutput out) throws IOException {
        out.writeLong(lastInvocation == null ? Long.MIN_VALUE : lastInvocation.toEpochMilli());
        long[] recent = recentIdleMinutes();
        out.writeByte(recent.length);
        for (long minutes : recent) {
            out.writeLong(minutes);
        }
        histogram.write(out);
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
        var history = new FunctionHistory(IdleTimeHistogram.read(in, ageAt));
        history.lastInvocation = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        for (long m : minutes) {
            history.recentMinutes[history.recentCount++ % RECENT] = m;
        }
        return history;
    }

    @Override
    public String toString() {
        return "FunctionHistory[last=" + lastInvocation + ", recent=" + Arrays.toString(recentIdleMinutes())
                + ", observations=" + histogram.observations() + "]";
    }
}
