package dev.arclight.worker.vm;

import java.util.HashMap;
import java.util.OptionalLong;
import org.libvirt.MemoryStatistic;

/** libvirt's memory statistic tags (virDomainMemoryStatTags), which the Java binding leaves as ints. */
final class MemoryStatTag {

    static final int UNUSED = 4;
    static final int AVAILABLE = 5;
    static final int ACTUAL_BALLOON = 6;
    static final int RSS = 7;
    static final int USABLE = 8;
    static final int DISK_CACHES = 10;
    /** How many statistics libvirt may return (VIR_DOMAIN_MEMORY_STAT_NR in libvirt 9). */
    static final int COUNT = 16;

    private MemoryStatTag() {}

    static MemoryStats toStats(MemoryStatistic[] statistics, long fallbackActualKib) {
        var byTag = new HashMap<Integer, Long>();
        for (var statistic : statistics) {
            byTag.put(statistic.getTag(), statistic.getValue());
        }
        return new MemoryStats(
                byTag.getOrDefault(ACTUAL_BALLOON, fallbackActualKib),
                optional(byTag.get(UNUSED)),
                optional(byTag.get(AVAILABLE)),
                optional(byTag.get(USABLE)),
                optional(byTag.get(DISK_CACHES)),
                optional(byTag.get(RSS)));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
