package dev.arclight.keepalive;

import java.time.Duration;

/**
 * What an idle VM costs once reclaim has shrunk it through the balloon: a measured fraction of the
 * memory it was given, not a tuning knob.
 *
 * <p>The number is the row "QEMU RSS after the shrink" of docs/benchmarks.md, section "Memory
 * returned by a balloon shrink": a 512 MiB VM, idle, shrunk through the balloon, held 314 MiB of
 * QEMU RSS (TCG, where QEMU's own baseline is large, so under KVM the fraction would be smaller;
 * we do not assume that). Reclaim shrinks a VM once it has been idle for its idle-after of 60 s, so
 * an idle instance pays its full memory for its first idle minute and this fraction after.
 */
public final class ShrunkMemory {

    /** QEMU RSS of the idle shrunk VM over its configured memory: 314 MiB / 512 MiB. */
    public static final double FRACTION = 314.0 / 512.0;

    /** How long an instance is idle before reclaim has shrunk it (reclaim's idle-after). */
    public static final Duration SHRUNK_AFTER = Duration.ofSeconds(60);

    private ShrunkMemory() {}
}
