package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The QEMU process of a domain, found through /proc, and its resident memory. */
public record QemuProcess(long pid) {

    public static Optional<QemuProcess> of(String domainName) throws IOException {
        // QEMU's command line names the domain as "-name guest=<name>,...".
        var needle = "guest=" + domainName + ",";
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> cmdline(p).contains(needle))
                    .map(p -> new QemuProcess(Long.parseLong(p.getFileName().toString())))
                    .findFirst();
        }
    }

    private static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    public boolean alive() {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** VmRSS in KiB, or empty once the process is gone. */
    public OptionalLong rssKib() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
