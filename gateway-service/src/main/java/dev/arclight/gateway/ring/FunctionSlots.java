package dev.arclight.gateway.ring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls in flight per function, reserved and unreserved: what sizes arcs and decides whether a call
 * still fits into the provisioned slots. Only functions with calls in flight are kept.
 */
final class FunctionSlots {

    private final Map<String, Calls> calls = new ConcurrentHashMap<>();

    /**
     * Takes one slot of {@code kind} for {@code function} if fewer than {@code limit} are held;
     * returns the number held including this one, or -1 when the limit is reached.
     */
    int tryTake(String function, ArcKind kind, int limit) {
        var taken = new int[] {-1};
        calls.compute(function, (key, held) -> {
            var next = held == null ? new Calls() : held;
            if (kind == ArcKind.RESERVED) {
                if (next.reserved < limit) {
                    taken[0] = ++next.reserved;
                }
            } else {
                taken[0] = ++next.unreserved;
            }
            return next.isIdle() ? null : next;
        });
        return taken[0];
    }

    void giveBack(String function, ArcKind kind) {
        calls.computeIfPresent(function, (key, held) -> {
            if (kind == ArcKind.RESERVED) {
                held.reserved--;
            } else {
                held.unreserved--;
            }
            // Drop idle functions so the map holds only functions with calls in flight.
            return held.isIdle() ? null : held;
        });
    }

    int reserved(String function) {
        var held = calls.get(function);
        return held == null ? 0 : held.reserved;
    }

    int unreserved(String function) {
        var held = calls.get(function);
        return held == null ? 0 : held.unreserved;
    }

    /** Mutated only inside {@code ConcurrentHashMap.compute}, which serialises access per key. */
    private static final class Calls {
        int reserved;
        int unreserved;

        boolean isIdle() {
            return reserved == 0 && unreserved == 0;
        }
    }
}
