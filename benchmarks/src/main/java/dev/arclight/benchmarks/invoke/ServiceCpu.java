package dev.arclight.benchmarks.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the platform's processes, from {@code /proc/<pid>/stat} (utime + stime, every thread
 * of the process), grouped by service. A process is told apart by its command line: the services
 * run as {@code java -jar <module>/target/<module>-*-exec.jar}, PostgreSQL's processes are named
 * {@code postgres}, the VMs {@code qemu-system-*}. Only the stack of {@code arclight.bench.home}
 * (default {@code $ARCLIGHT_HOME}, else {@code ~/.arclight}) counts, on a machine where others run
 * their own JVMs and test databases: a service or Kafka when the {@code ./arclight} process of its
 * {@code arclight.pid} is among its ancestors, PostgreSQL when it is the postmaster of its {@code
 * postgres/postmaster.pid} or a child of it. PostgreSQL backends that exit between two samples take
 * their CPU with them; the pooled connections of the services live as long as the stack.
 */
final class ServiceCpu {

    /** The services whose sum is the platform's cost of a call, in the order they are printed. */
    static final List<String> PLATFORM = List.of("gateway", "placement", "worker", "postgres");

    static final List<String> ALL = List.of(
            "gateway", "placement", "worker", "postgres", "pool", "reclaim", "kafka", "qemu (guests)", "client");

    private static final long TICKS_PER_SECOND = Long.getLong("arclight.bench.clk-tck", 100);
    private static final long SELF = ProcessHandle.current().pid();

    private static final Path HOME = Path.of(System.getProperty(
            "arclight.bench.home",
            System.getenv().getOrDefault("ARCLIGHT_HOME", System.getProperty("user.home") + "/.arclight")));

    private ServiceCpu() {}

    private static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long parentOf(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean descendsFrom(long pid, long ancestor) {
        for (long p = pid; p > 1; p = parentOf(p)) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** CPU nanoseconds used so far, by service. */
    static Map<String, Long> sample() {
        var nanos = new LinkedHashMap<String, Long>();
        ALL.forEach(service -> nanos.put(service, 0L));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        var service = serviceOf(p);
                        if (service != null) {
                            nanos.merge(service, cpuNanos(p), Long::sum);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return nanos;
    }

    /** The machine's busy and total time so far, from the first line of {@code /proc/stat}. */
    static long[] machine() {
        try {
            var fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        var delta = new LinkedHashMap<String, Long>();
        after.forEach((service, nanos) -> delta.put(service, nanos - before.getOrDefault(service, 0L)));
        return delta;
    }

    private static String serviceOf(Path proc) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == SELF) {
            return "client";
        }
        String cmdline;
        try {
            cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return null; // gone, or not ours to read
        }
        if (cmdline.startsWith("postgres") || cmdline.contains("/bin/postgres ")) {
            long postmaster = pidIn(HOME.resolve("postgres/postmaster.pid"));
            return pid == postmaster || parentOf(pid) == postmaster ? "postgres" : null;
        }
        if (cmdline.contains("qemu-system")) {
            return "qemu (guests)";
        }
        if (!cmdline.contains("java")
                || !cmdline.contains("-exec.jar")
                || !descendsFrom(pid, pidIn(HOME.resolve("arclight.pid")))) {
            return null;
        }
        for (var service : List.of("gateway", "placement", "worker", "pool", "reclaim")) {
            if (cmdline.contains("/" + service + "-service/target/")) {
                return service;
            }
        }
        return cmdline.contains("/local-stack/target/") ? "kafka" : null;
    }

    private static long cpuNanos(Path proc) {
        try {
            var stat = Files.readString(proc.resolve("stat"));
            // The command name, field 2, is in parentheses and may contain spaces: count after it.
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
