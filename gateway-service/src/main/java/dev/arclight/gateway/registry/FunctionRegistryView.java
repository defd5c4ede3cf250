package dev.arclight.gateway.registry;

import dev.arclight.contracts.registry.FunctionSnapshot;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's local, read-only copy of the function registry: the latest snapshot of every
 * function, as placement publishes them, so routing never has to ask placement whether a function
 * exists or how much concurrency it reserves.
 *
 * <p>A snapshot older (by {@code revision}) than the one held is dropped: one that arrives late must
 * not roll a function back. A deletion removes the function whatever its revision, since the
 * topic's order per key is the registry's order; a function created again may start its revisions
 * anew, so the revision of a deleted function is not remembered.
 */
@Component
public class FunctionRegistryView {

    /** A function within its tenant, the way callers name it. */
    public record FunctionKey(String tenant, String functionName) {}

    private final Map<FunctionKey, FunctionSnapshot> functions = new ConcurrentHashMap<>();

    /** Tombstones carry only the ARN, so deletions find the function through this. */
    private final Map<String, FunctionKey> keysByArn = new HashMap<>();

    /** Keeps {@code snapshot} unless a newer one is held; returns whether it was kept. */
    public synchronized boolean apply(FunctionSnapshot snapshot) {
        var key = new FunctionKey(snapshot.tenant(), snapshot.functionName());
        var held = functions.get(key);
        if (held != null && snapshot.revision() < held.revision()) {
            return false;
        }
        var previousKey = keysByArn.put(snapshot.functionArn(), key);
        if (previousKey != null && !previousKey.equals(key)) {
            functions.remove(previousKey);
        }
        functions.put(key, snapshot);
        return true;
    }

    /** Forgets the function published under {@code functionArn}; returns whether it was known. */
    public synchronized boolean delete(String functionArn) {
        var key = keysByArn.remove(functionArn);
        return key != null && functions.remove(key) != null;
    }

    public Optional<FunctionSnapshot> find(String tenant, String functionName) {
        return Optional.ofNullable(functions.get(new FunctionKey(tenant, functionName)));
    }

    /** Every function held, by tenant then name. */
    public List<FunctionSnapshot> all() {
        return functions.values().stream()
                .sorted(Comparator.comparing(FunctionSnapshot::tenant).thenComparing(FunctionSnapshot::functionName))
                .toList();
    }
}
