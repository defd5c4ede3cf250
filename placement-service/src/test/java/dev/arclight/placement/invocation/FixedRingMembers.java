package dev.arclight.placement.invocation;

import dev.arclight.placement.concurrency.RingMembers;
import java.util.List;
import java.util.TreeSet;

/**
 * Ring members a test sets, in place of the heartbeats: test contexts in one JVM share one
 * PostgreSQL, so the live instances there are every context's, not a membership a test controls.
 * Alone by default, so a context keeps every provisioned container.
 */
final class FixedRingMembers implements RingMembers {

    private final String self;
    private volatile List<String> others = List.of();

    FixedRingMembers(String self) {
        this.self = self;
    }

    void set(List<String> others) {
        this.others = List.copyOf(others);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<String> names() {
        var names = new TreeSet<>(others);
        names.add(self);
        return List.copyOf(names);
    }
}
