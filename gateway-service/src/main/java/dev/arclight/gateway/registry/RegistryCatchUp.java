package dev.arclight.gateway.registry;

import java.util.Map;

/**
 * Whether the registry view has read the configurations topic to its end: every partition's
 * processed (committed) offset has reached the partition's end offset as it was asked. A partition
 * with nothing in it is caught up; one whose offset is not committed yet is not, unless it is
 * empty.
 */
final class RegistryCatchUp {

    private RegistryCatchUp() {}

    static boolean caughtUp(Map<Integer, Long> endOffsets, Map<Integer, Long> committed) {
        return endOffsets.entrySet().stream()
                .allMatch(end -> end.getValue() <= committed.getOrDefault(end.getKey(), 0L));
    }
}
