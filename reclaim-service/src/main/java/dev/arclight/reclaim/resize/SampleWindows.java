package dev.arclight.reclaim.resize;

import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A short window of recent samples per VM, in memory: the evidence of one decision. It is rebuilt
 * from the topic after a restart or a rebalance within one window (the samples are keyed by VM, so
 * one instance sees all of a VM's samples in order), and a decision waits for {@code minSamples}
 * anyway, so a lost window delays a decision but never changes one. The window a sample is decided
 * on holds only samples up to it, so a replayed sample sees what it saw the first time.
 */
public class SampleWindows {

    private static final int MAX_PER_VM = 64;

    private final Duration span;
    private final Map<String, Deque<VmUtilization>> windows = new ConcurrentHashMap<>();

    public SampleWindows(Duration span) {
        this.span = span;
    }

    /** Adds the sample; returns its window, oldest first, ending with it. */
    public List<VmUtilization> add(VmUtilization sample) {
        var window = windows.computeIfAbsent(sample.vmId(), id -> new ArrayDeque<>());
        synchronized (window) {
            if (window.isEmpty() || window.peekLast().sampledAt().isBefore(sample.sampledAt())) {
                window.addLast(sample);
            }
            var newest = window.peekLast().sampledAt();
            while (window.size() > MAX_PER_VM || window.peekFirst().sampledAt().isBefore(newest.minus(span))) {
                window.removeFirst();
            }
            var from = sample.sampledAt().minus(span);
            var result = new ArrayList<VmUtilization>();
            for (var s : window) {
                if (!s.sampledAt().isBefore(from) && !s.sampledAt().isAfter(sample.sampledAt())) {
                    result.add(s);
                }
            }
            if (result.isEmpty() || !result.getLast().sampledAt().equals(sample.sampledAt())) {
                result.add(sample);
            }
            return result;
        }
    }

    /** Forgets VMs with no sample since {@code before} (destroyed VMs stop reporting). */
    public void forgetQuietSince(Instant before) {
        windows.values().removeIf(window -> {
            synchronized (window) {
                return window.isEmpty() || window.peekLast().sampledAt().isBefore(before);
            }
        });
    }
}
