package dev.arclight.placement.invocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What a (function, qualifier) resolved to, kept in memory so that a warm call makes no database
 * round trip, and dropped when the function changes anywhere.
 *
 * <p>The algorithm:
 *
 * <ul>
 *   <li>An entry is keyed by the function's unqualified ARN and the qualifier, and holds the
 *       function's revision when it was read and when that was. A hit younger than {@code ttl} is
 *       returned; anything else is read from the registry again.
 *   <li>{@link #changed} (a registry snapshot of a revision, from this instance's own commit or from
 *       the topic) drops the function's entries of any other revision, so a republished, unchanged
 *       snapshot costs nothing; {@link #dropped} (a tombstone, or a record that cannot be read)
 *       drops them all.
 *   <li>A read that raced with a change must not put back what it read before the change: every
 *       change of a function bumps the generation of the function's stripe (one of {@value
 *       #STRIPES}, by the ARN's hash) under a lock, and a read's result is stored only if that
 *       generation is still the one seen before the read began (checked under the same lock). A
 *       read that begins after the change was committed sees it (changes arrive after commit).
 *       Stripes, not one generation: the republisher sends every function again on an interval,
 *       and one shared number would make every read in flight during any of those records a
 *       miss again; a stripe only rarely shares a change with another function.
 *   <li>Only while {@link #live} (the topic is being followed from a known position) is anything
 *       stored; otherwise every call reads the registry. The TTL is the safety net for a change
 *       whose record never arrives (a publish that failed after commit: the republisher sends it
 *       again within its interval, and the TTL bounds it in any case).
 *   <li>At most {@code maxEntries}: a full cache first sheds its expired entries, then all of them
 *       (simple, and a refill costs one read per key).
 * </ul>
 *
 * Nothing is cached for a call that fails (a function not found is read every time), so a
 * function created anywhere is found at once.
 */
final class ResolvedCache<V> {

    /** A read of the registry: the value and the function's revision it was read at. */
    record Loaded<V>(V value, long revision) {}

    private record Key(String functionArn, String qualifier) {}

    private record Entry<V>(V value, long revision, long loadedAtMillis) {}

    private final Map<Key, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Object changes = new Object();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private static final int STRIPES = 64;

    /** Guarded by {@link #changes}. */
    private final long[] generations = new long[STRIPES];

    private volatile boolean live;

    ResolvedCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    V get(String functionArn, String qualifier, Supplier<Loaded<V>> loader) {
        var key = new Key(functionArn, qualifier);
        var entry = entries.get(key);
        long now = clock.millis();
        if (entry != null && now - entry.loadedAtMillis() < ttlMillis) {
            hits.increment();
            return entry.value();
        }
        int stripe = stripe(functionArn);
        long seen;
        synchronized (changes) {
            seen = generations[stripe];
        }
        loads.increment();
        var loaded = loader.get();
        if (live && ttlMillis > 0) {
            synchronized (changes) {
                if (generations[stripe] == seen) {
                    makeRoom(now);
                    entries.put(key, new Entry<>(loaded.value(), loaded.revision(), now));
                }
            }
        }
        return loaded.value();
    }

    /** The function is now at {@code revision}: entries read at any other revision go. */
    void changed(String functionArn, long revision) {
        synchronized (changes) {
            generations[stripe(functionArn)]++;
            entries.entrySet()
                    .removeIf(e -> e.getKey().functionArn().equals(functionArn)
                            && e.getValue().revision() != revision);
        }
    }

    /** The function is gone, or its change could not be read: all its entries go. */
    void dropped(String functionArn) {
        synchronized (changes) {
            generations[stripe(functionArn)]++;
            entries.keySet().removeIf(k -> k.functionArn().equals(functionArn));
        }
    }

    /**
     * Whether changes are being followed. Turning it on or off drops everything: changes may have
     * been missed while it was off.
     */
    void live(boolean following) {
        synchronized (changes) {
            for (int i = 0; i < STRIPES; i++) {
                generations[i]++;
            }
            live = following;
            entries.clear();
        }
    }

    boolean live() {
        return live;
    }

    long hits() {
        return hits.sum();
    }

    long loads() {
        return loads.sum();
    }

    int size() {
        return entries.size();
    }

    static int stripe(String functionArn) {
        return Math.floorMod(functionArn.hashCode(), STRIPES);
    }

    private void makeRoom(long now) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(e -> now - e.loadedAtMillis() >= ttlMillis);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }
}
