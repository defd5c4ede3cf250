package dev.arclight.simulator;

import java.util.Collection;

/**
 * The memory of a function the trace gives none for: the median of the apps' average allocated
 * memory in the same trace, or, when the trace has none at all (the 2021 format), {@value
 * #DEFAULT_MB} MB, Lambda's default function memory.
 */
record MemoryFallback(double mb) {

    static final double DEFAULT_MB = 128;

    MemoryFallback(Collection<Double> known) {
        this(median(known));
    }

    private static double median(Collection<Double> known) {
        if (known.isEmpty()) {
            return DEFAULT_MB;
        }
        double[] sorted =
                known.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
