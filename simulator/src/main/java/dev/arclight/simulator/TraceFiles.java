package dev.arclight.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Which format {@code --trace PREFIX} names: the 2021 per-invocation format when PREFIX is a
 * {@code .csv} file or {@code PREFIX.csv} exists, else the 2019 format ({@code PREFIX_inv.csv}).
 */
public final class TraceFiles {

    private TraceFiles() {}

    public static Trace read(String prefix, Consumer<String> warnings) throws TraceFormatException {
        Path path = Path.of(prefix);
        if (prefix.endsWith(".csv") && Files.isRegularFile(path)) {
            return new Azure2021Reader(warnings).read(path);
        }
        Path csv = Path.of(prefix + ".csv");
        if (Files.isRegularFile(csv)) {
            return new Azure2021Reader(warnings).read(csv);
        }
        Path inv = Azure2019Reader.sibling(path, "_inv.csv");
        if (Files.isRegularFile(inv)) {
            return new Azure2019Reader(warnings).read(path);
        }
        throw new TraceFormatException("no trace at " + prefix + ": expected " + inv + " (2019 format) or "
                + (prefix.endsWith(".csv") ? prefix : csv.toString()) + " (2021 format)");
    }
}
