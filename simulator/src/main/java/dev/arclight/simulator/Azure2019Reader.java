package dev.arclight.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Azure Functions 2019 format: {@code PREFIX_inv.csv} (HashOwner, HashApp, HashFunction in any
 * order, then one column per minute with the invocation count) and {@code PREFIX_mem.csv} (per app:
 * HashOwner, HashApp, ..., AverageAllocatedMb). {@code PREFIX_run.csv} (durations) is not needed
 * by the minute model and not read.
 *
 * <p>A function is identified by owner, app and function hash; its memory is its app's average
 * allocated memory. A malformed row (wrong column count, a count that is not a non-negative
 * integer, a repeated function) is skipped with a warning; a missing or headerless invocation file,
 * or one without any valid row, is an error.
 */
public final class Azure2019Reader {

    private final Consumer<String> warnings;

    public Azure2019Reader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    public Trace read(Path prefix) throws TraceFormatException {
        Path inv = sibling(prefix, "_inv.csv");
        Path mem = sibling(prefix, "_mem.csv");
        Map<String, Double> memory = Files.isReadable(mem) ? readMemory(mem) : Map.of();
        if (memory.isEmpty()) {
            warnings.accept(
                    mem + " is missing or has no valid row: every function gets " + MemoryFallback.DEFAULT_MB + " MB");
        }
        return readInvocations(prefix.getFileName().toString(), inv, memory);
    }

    static Path sibling(Path prefix, String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    private Trace readInvocations(String name, Path file, Map<String, Double> memory) throws TraceFormatException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = Csv.header(file, in.readLine());
            int owner = Csv.column(file, header, "HashOwner");
            int app = Csv.column(file, header, "HashApp");
            int function = Csv.column(file, header, "HashFunction");
            int firstMinute = Math.max(owner, Math.max(app, function)) + 1;
            int minutes = header.length - firstMinute;
            if (minutes <= 0) {
                throw new TraceFormatException(file + ": no minute columns after the hash columns");
            }
            Map<String, int[][]> rows = new LinkedHashMap<>();
            Map<String, String> appOf = new HashMap<>();
            Csv.rows(
                    in,
                    header.length,
                    (cells, line) -> {
                        String id = cells[owner] + "/" + cells[app] + "/" + cells[function];
                        if (rows.containsKey(id)) {
                            warn(file, line, "function " + cells[function] + " repeated");
                            return;
                        }
                        int[][] parsed = parseCounts(cells, firstMinute);
                        if (parsed == null) {
                            warn(file, line, "a count is not a non-negative integer");
                            return;
                        }
                        rows.put(id, parsed);
                        appOf.put(id, cells[owner] + "/" + cells[app]);
                    },
                    (line, why) -> warn(file, line, why));
            if (rows.isEmpty()) {
                throw new TraceFormatException(file + ": no valid function row");
            }
            MemoryFallback fallback = new MemoryFallback(memory.values());
            List<FunctionTrace> functions = new ArrayList<>();
            int missingMemory = 0;
            for (var row : rows.entrySet()) {
                Double mb = memory.get(appOf.get(row.getKey()));
                if (mb == null) {
                    missingMemory++;
                }
                functions.add(new FunctionTrace(
                        row.getKey(), mb == null ? fallback.mb() : mb, row.getValue()[0], row.getValue()[1]));
            }
            if (missingMemory > 0 && !memory.isEmpty()) {
                warnings.accept(missingMemory + " functions have no memory row; they get the median of the apps'"
                        + " averages, " + fallback.mb() + " MB");
            }
            return new Trace(name, minutes, List.copyOf(functions));
        } catch (IOException e) {
            throw new TraceFormatException(file + ": " + e.getMessage());
        }
    }

    private static int[][] parseCounts(String[] cells, int first) {
        int active = 0;
        int[] counts = new int[cells.length - first];
        for (int i = first; i < cells.length; i++) {
            int count = Csv.nonNegativeInt(cells[i]);
            if (count < 0) {
                return null;
            }
            counts[i - first] = count;
            active += count > 0 ? 1 : 0;
        }
        int[] minutes = new int[active];
        int[] nonZero = new int[active];
        for (int m = 0, k = 0; m < counts.length; m++) {
            if (counts[m] > 0) {
                minutes[k] = m;
                nonZero[k++] = counts[m];
            }
        }
        return new int[][] {minutes, nonZero};
    }

    private Map<String, Double> readMemory(Path file) throws TraceFormatException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = Csv.header(file, in.readLine());
            int owner = Csv.column(file, header, "HashOwner");
            int app = Csv.column(file, header, "HashApp");
            int average = Csv.column(file, header, "AverageAllocatedMb");
            Map<String, Double> memory = new HashMap<>();
            Csv.rows(
                    in,
                    header.length,
                    (cells, line) -> {
                        double mb = Csv.positiveDouble(cells[average]);
                        if (!(mb > 0)) {
                            warn(file, line, "AverageAllocatedMb is not a positive number");
                            return;
                        }
                        memory.putIfAbsent(cells[owner] + "/" + cells[app], mb);
                    },
                    (line, why) -> warn(file, line, why));
            return memory;
        } catch (IOException e) {
            throw new TraceFormatException(file + ": " + e.getMessage());
        }
    }

    private void warn(Path file, int line, String what) {
        warnings.accept(file + ":" + line + ": skipped, " + what);
    }
}
