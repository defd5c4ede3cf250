package dev.arclight.keepalive;

/**
 * Which idle minutes to load, given each minute's hazard, on a platform where reclaim shrinks an
 * idle instance after its first idle minute: step 5 of {@link ArclightKeepAlivePolicy}.
 *
 * <p>Why not a threshold per minute: a pre-warmed instance, like one left loaded after a call,
 * holds all its memory for its first minute, so a lone minute loaded for a hazard just above the
 * shrunk threshold costs more than it saves, and a stretch is worth starting only if its minutes
 * together pay for its first one.
 */
final class LoadedStretches {

    private LoadedStretches() {}

    /**
     * The minutes to load from minute 1 on: each loaded minute saves its hazard and costs
     * {@code fullCost} for the first minute of a loaded stretch (reclaim has not shrunk the instance
     * yet) and the shrunk fraction of it for the next ones, so a stretch pays {@code (1 - FRACTION)
     * * fullCost} once on top of the per-minute threshold. The best set of stretches is a dynamic
     * programme over the bins with the state "was the previous minute loaded"; the first idle minute
     * follows a busy one, so it starts a stretch. Each minute is judged as if the function were
     * still idle then: the spread hazards are not a coherent distribution (a spread count can exceed
     * the survivors), and chaining them into survival chances cut schedules short.
     */
    static boolean[] choose(double[] hazards, double fullCost) {
        int n = hazards.length;
        // gain[2b + p]: the most saved from bin b on, the previous bin loaded (p = 1) or not (p = 0);
        // flat arrays, as this runs after every invocation minute.
        double[] gain = new double[2 * (n + 1)];
        boolean[] take = new boolean[2 * (n + 1)];
        for (int b = n - 1; b >= 1; b--) {
            for (int p = 0; p < 2; p++) {
                double loaded = hazards[b] - fullCost * (p == 1 ? ShrunkMemory.FRACTION : 1) + gain[2 * (b + 1) + 1];
                double unloaded = gain[2 * (b + 1)];
                take[2 * b + p] = loaded > unloaded;
                gain[2 * b + p] = Math.max(loaded, unloaded);
            }
        }
        boolean[] load = new boolean[n];
        int previous = 0;
        for (int b = 1; b < n; b++) {
            load[b] = take[2 * b + previous];
            previous = load[b] ? 1 : 0;
        }
        return load;
    }
}
