package dev.arclight.simulator;

/**
 * One function of a trace in the minute model: the minutes (from the trace's start, ascending,
 * each once) in which it was invoked, how many times in each, and its memory in MB.
 */
public record FunctionTrace(String id, double memoryMb, int[] minutes, int[] counts) {

    public FunctionTrace {
        if (minutes.length != counts.length) {
            throw new IllegalArgumentException("minutes and counts differ in length");
        }
    }

    public long invocations() {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
