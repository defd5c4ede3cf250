package dev.arclight.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** A trace in the minute model: its functions over {@code minutes} minutes. */
public record Trace(String name, int minutes, List<FunctionTrace> functions) {

    public long invocations() {
        return functions.stream().mapToLong(FunctionTrace::invocations).sum();
    }

    /** The functions whose index passes {@code keep}, e.g. halves of a sample for robustness runs. */
    public Trace subset(String suffix, IntPredicate keep) {
        var kept = new ArrayList<FunctionTrace>();
        for (int i = 0; i < functions.size(); i++) {
            if (keep.test(i)) {
                kept.add(functions.get(i));
            }
        }
        return new Trace(name + suffix, minutes, List.copyOf(kept));
    }

    /** Minutes {@code from} (included) to {@code to} (excluded), renumbered from zero. */
    public Trace window(String suffix, int from, int to) {
        var kept = new ArrayList<FunctionTrace>();
        for (FunctionTrace f : functions) {
            var minutes = new ArrayList<int[]>();
            for (int i = 0; i < f.minutes().length; i++) {
                if (f.minutes()[i] >= from && f.minutes()[i] < to) {
                    minutes.add(new int[] {f.minutes()[i] - from, f.counts()[i]});
                }
            }
            if (!minutes.isEmpty()) {
                kept.add(new FunctionTrace(
                        f.id(),
                        f.memoryMb(),
                        minutes.stream().mapToInt(p -> p[0]).toArray(),
                        minutes.stream().mapToInt(p -> p[1]).toArray()));
            }
        }
        return new Trace(name + suffix, to - from, List.copyOf(kept));
    }
}
