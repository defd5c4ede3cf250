package dev.arclight.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A QEMU process's resident memory split by what holds it, read from {@code /proc/<pid>/smaps}:
 * the guest's RAM (QEMU's largest mapping: the RAM block is mapped whole, at the VM's maximum
 * memory), the TCG translation cache (the executable anonymous mapping QEMU allocates for
 * translated code, capped by {@code tb-size}), and the rest (QEMU's heap, libraries, stacks). Only
 * the first is memory the balloon can give back; the translation cache fills up as the guest runs
 * code it has not run since the restore (a restored VM starts with an empty one), so the process's
 * total RSS can rise while the guest's RAM falls.
 *
 * @param guestRamMib resident pages of the guest's RAM mapping
 * @param translationCacheMib resident pages of the executable anonymous mappings
 * @param otherMib everything else resident
 */
public record QemuMemory(long guestRamMib, long translationCacheMib, long otherMib) {

    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) (\\S+) \\S+ \\S+ (\\d+)\\s*(.*)$");

    public long totalMib() {
        return guestRamMib + translationCacheMib + otherMib;
    }

    public static QemuMemory of(long pid) throws IOException {
        long largestSize = -1;
        long largestRssKib = 0;
        long executableAnonymousKib = 0;
        long totalKib = 0;
        long size = 0;
        boolean executableAnonymous = false;
        for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            var mapping = MAPPING.matcher(line);
            if (mapping.matches()) {
                size = Long.parseUnsignedLong(mapping.group(2), 16) - Long.parseUnsignedLong(mapping.group(1), 16);
                executableAnonymous = mapping.group(3).contains("x")
                        && mapping.group(4).equals("0")
                        && mapping.group(5).isBlank();
            } else if (line.startsWith("Rss:")) {
                long rssKib = Long.parseLong(line.replaceAll("\\D", ""));
                totalKib += rssKib;
                if (executableAnonymous) {
                    executableAnonymousKib += rssKib;
                } else if (size > largestSize) {
                    largestSize = size;
                    largestRssKib = rssKib;
                }
            }
        }
        return new QemuMemory(
                largestRssKib / 1024,
                executableAnonymousKib / 1024,
                (totalKib - largestRssKib - executableAnonymousKib) / 1024);
    }

    @Override
    public String toString() {
        return "%d (guest RAM %d, translation cache %d, other %d)"
                .formatted(totalMib(), guestRamMib, translationCacheMib, otherMib);
    }
}
