package dev.arclight.keepalive;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The histories of the functions a policy has seen, and their serialised form: a service writes
 * {@link #writeTo} on shutdown (or periodically) and {@link #readFrom} on start, so the learnt
 * windows survive a restart. Not thread-safe: the holder serialises access.
 *
 * <p>Bounded by a {@link HistoryRetention}: the histories are kept in the order of their last
 * invocation (an invocation moves its function to the end), so the ones to forget are always at
 * the front. Each invocation, each read and each write drop from the front every history not
 * invoked within {@code forgetAfter}, then as many as it takes to be within {@code maxFunctions}.
 * Asking about a function never stores anything: only an invocation (or a recorded idle time)
 * does.
 */
public final class FunctionHistories {

    /** "KAL3": since the burst histogram; a holder that cannot read an older state starts afresh. */
    private static final int MAGIC = 0x4b41_4c33;

    private final Clock clock;
    private final int ageAt;
    private final HistoryRetention retention;
    /** In the order of the last invocation, oldest first. */
    private final LinkedHashMap<String, FunctionHistory> byFunction = new LinkedHashMap<>();

    public FunctionHistories(Clock clock, int ageAt) {
        this(clock, ageAt, HistoryRetention.DEFAULT);
    }

    public FunctionHistories(Clock clock, int ageAt, HistoryRetention retention) {
        this.clock = clock;
        this.ageAt = ageAt;
        this.retention = retention;
    }

    /** An invocation of {@code function} ended now. */
    public FunctionHistory invoked(String function) {
        FunctionHistory history = byFunction.remove(function);
        if (history == null) {
            history = new FunctionHistory(ageAt);
        }
        byFunction.put(function, history);
        history.invoked(clock.instant());
        forget();
        return history;
    }

    /** An idle time observed elsewhere (e.g. replayed from a log). */
    public void recordIdle(String function, Duration idle) {
        byFunction.computeIfAbsent(function, f -> new FunctionHistory(ageAt)).recordIdle(idle);
        forget();
    }

    /** What is known of {@code function}: an empty history, not stored, when nothing is. */
    public FunctionHistory of(String function) {
        FunctionHistory history = byFunction.get(function);
        return history != null ? history : new FunctionHistory(ageAt);
    }

    /** Drops the histories the retention says to forget; how many it dropped. */
    public int forget() {
        Instant horizon = clock.instant().minus(retention.forgetAfter());
        int dropped = 0;
        Iterator<FunctionHistory> oldestFirst = byFunction.values().iterator();
        while (oldestFirst.hasNext()) {
            FunctionHistory oldest = oldestFirst.next();
            Instant last = oldest.lastInvocation();
            boolean stale = last != null && last.isBefore(horizon);
            if (!stale && byFunction.size() <= retention.maxFunctions()) {
                break;
            }
            oldestFirst.remove();
            dropped++;
        }
        return dropped;
    }

    public HistoryRetention retention() {
        return retention;
    }

    public boolean knows(String function) {
        return byFunction.containsKey(function);
    }

    public int size() {
        return byFunction.size();
    }

    public Clock clock() {
        return clock;
    }

    public void writeTo(OutputStream stream) throws IOException {
        forget();
        DataOutput out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(byFunction.size());
        for (var entry : byFunction.entrySet()) {
            out.writeUTF(entry.getKey());
            entry.getValue().write(out);
        }
        ((DataOutputStream) out).flush();
    }

    /** Replaces what is known with the state {@link #writeTo} wrote; fails on anything else. */
    public void readFrom(InputStream stream) throws IOException {
        DataInput in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a keep-alive state");
        }
        int functions = in.readInt();
        if (functions < 0) {
            throw new IOException("negative function count " + functions);
        }
        Map<String, FunctionHistory> read = new HashMap<>();
        for (int i = 0; i < functions; i++) {
            read.put(in.readUTF(), FunctionHistory.read(in, ageAt));
        }
        byFunction.clear();
        // Oldest first whatever order the state was written in, so forgetting stays at the front.
        read.entrySet().stream()
                .sorted(Comparator.comparing(
                        (Map.Entry<String, FunctionHistory> e) -> e.getValue().lastInvocation(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(e -> byFunction.put(e.getKey(), e.getValue()));
        forget();
    }
}
