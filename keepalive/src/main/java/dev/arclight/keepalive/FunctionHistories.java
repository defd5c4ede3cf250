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
import java.util.HashMap;
import java.util.Map;

/**
 * The histories of every function a policy has seen, and their serialised form: a service writes
 * {@link #writeTo} on shutdown (or periodically) and {@link #readFrom} on start, so the learnt
 * windows survive a restart. Not thread-safe: the holder serialises access.
 */
public final class FunctionHistories {

    private static final int MAGIC = 0x4b41_4c32; // "KAL2"

    private final Clock clock;
    private final int ageAt;
    private final Map<String, FunctionHistory> byFunction = new HashMap<>();

    public FunctionHistories(Clock clock, int ageAt) {
        this.clock = clock;
        this.ageAt = ageAt;
    }

    /** An invocation of {@code function} ended now. */
    public FunctionHistory invoked(String function) {
        FunctionHistory history = of(function);
        history.invoked(clock.instant());
        return history;
    }

    /** An idle time observed elsewhere (e.g. replayed from a log). */
    public void recordIdle(String function, Duration idle) {
        of(function).recordIdle(idle);
    }

    public FunctionHistory of(String function) {
        return byFunction.computeIfAbsent(function, f -> new FunctionHistory(ageAt));
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
        byFunction.putAll(read);
    }
}
