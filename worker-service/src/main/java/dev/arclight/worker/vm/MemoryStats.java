package dev.arclight.worker.vm;

import java.util.OptionalLong;

/**
 * A VM's memory as the balloon driver reports it (libvirt's {@code dommemstat}), in KiB. The
 * guest-side figures are empty until the guest's balloon driver has reported once.
 *
 * @param actualKib what the balloon currently leaves the guest
 * @param unusedKib guest memory holding nothing at all
 * @param availableKib guest's total usable memory (MemTotal)
 * @param usableKib what the guest could use without swapping (MemAvailable)
 * @param diskCachesKib guest page cache that can be dropped
 * @param rssKib resident memory of the QEMU process on the host
 */
public record MemoryStats(
        long actualKib,
        OptionalLong unusedKib,
        OptionalLong availableKib,
        OptionalLong usableKib,
        OptionalLong diskCachesKib,
        OptionalLong rssKib) {}
