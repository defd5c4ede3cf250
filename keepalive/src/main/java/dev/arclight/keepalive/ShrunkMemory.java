package dev.arclight.keepalive;

import java.time.Duration;

/**
 * What an idle VM costs once reclaim has shrunk it through the balloon: a measured fraction of the
 * memory it was given, not a tuning knob.
 *
 * <p>The number is reclaim's measurement of 2026-12-02 (branch {@code reclaim},
 * {@code ReclaimBenchmarkIntegrationTests} with {@code -Darclight.reclaim.benchmark=2}): the QEMU
 * VmRSS of an idle restored 512 MiB pooled VM (Python and Node.js spares, a warm Python container
 * that had read /usr into its page cache) 10 s after it was shrunk from 512 to 192 MiB, with the
 * TCG translation cache capped at 64 MiB ({@code arclight.worker.tcg-tb-cache-mib}, the worker's
 * default since then): 322 MiB. Without the cap the same run gave 416 MiB. The earlier number,
 * 314 MiB ("Memory returned by a balloon shrink" in docs/benchmarks.md), was a freshly booted VM
 * without pooled runtimes, so it held less than the VMs placement keeps. Under KVM QEMU's own
 * baseline is smaller and so would the fraction be; we do not assume that. Reclaim shrinks a VM
 * once it has been idle for its idle-after of 60 s, so an idle instance pays its full memory for
 * its first idle minute and this fraction after. VMs restored as the pool keeps them (512 of 2048
 * MiB, grown on claim) gave 306 MiB (0.60) on 2026-12-03, with QEMU running without transparent
 * huge pages ({@code scripts/libvirtd.sh}); with huge pages, such VMs held 779-944 MiB unshrunk.
 */
public final class ShrunkMemory {

    /** QEMU RSS of the idle shrunk pooled VM over its configured memory: 322 MiB / 512 MiB. */
    public static final double FRACTION = 322.0 / 512.0;

    /** How long an instance is idle before reclaim has shrunk it (reclaim's idle-after). */
    public static final Duration SHRUNK_AFTER = Duration.ofSeconds(60);

    private ShrunkMemory() {}
}
