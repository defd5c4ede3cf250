package dev.arclight.pool.subpool;

import java.util.List;

/** The Lambda runtimes a pooled VM can pre-start: those the guest image and its agent support. */
public final class Runtimes {

    public static final List<String> KNOWN = List.of("python3.11", "nodejs18.x", "provided", "provided.al2023");

    public static final long MIN_MEMORY_MIB = 128;
    public static final long MAX_MEMORY_MIB = 10240;

    private Runtimes() {}

    public static boolean known(String runtime) {
        return runtime != null && KNOWN.contains(runtime);
    }

    /** The column form: comma-separated. */
    public static String join(List<String> runtimes) {
        return String.join(",", runtimes);
    }

    public static List<String> split(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(","));
    }
}
