package dev.arclight.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Azure Functions 2021 per-invocation format: one row per invocation with app, func,
 * end_timestamp and duration (seconds from the trace's start). An invocation counts in the minute
 * it started (end minus duration, at least 0). The format has no memory: every function gets
 * {@link MemoryFallback#DEFAULT_MB}. Malformed rows are skipped with a warning.
 */
public final class Azure2021Reader {

    private final Consumer<String> warnings;

    public Azure2021Reader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    public Trace read(Path file) throws TraceFormatException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String[] header = Csv.header(file, in.readLine());
            int app = Csv.column(file, header, "app");
            int function = Csv.column(file, header, "func");
            int end = Csv.column(file, header, "end_timestamp");
            int duration = Csv.column(file, header, "duration");
            Map<String, TreeMap<Integer, Integer>> byFunction = new LinkedHashMap<>();
            int[] lastMinute = {-1};
            Csv.rows(
                    in,
                    header.length,
                    (cells, line) -> {
                        double endSeconds = Csv.positiveDouble(cells[end]);
                        double seconds = Csv.positiveDouble(cells[duration]);
                        if (!(endSeconds >= 0) || !(seconds >= 0) || endSeconds > Integer.MAX_VALUE) {
                            warn(file, line, "end_timestamp and duration must be non-negative numbers");
                            return;
                        }
                        int minute = (int) Math.floor(Math.max(0, endSeconds - seconds) / 60);
                        lastMinute[0] = Math.max(lastMinute[0], minute);
                        byFunction
                                .computeIfAbsent(cells[app] + "/" + cells[function], f -> new TreeMap<>())
                                .merge(minute, 1, Integer::sum);
                    },
                    (line, why) -> warn(file, line, why));
            if (byFunction.isEmpty()) {
                throw new TraceFormatException(file + ": no valid invocation row");
            }
            List<FunctionTrace> functions = new ArrayList<>();
            for (var entry : byFunction.entrySet()) {
                functions.add(new FunctionTrace(
                        entry.getKey(),
                        MemoryFallback.DEFAULT_MB,
                        entry.getValue().keySet().stream()
                                .mapToInt(Integer::intValue)
                                .toArray(),
                        entry.getValue().values().stream()
                                .mapToInt(Integer::intValue)
                                .toArray()));
            }
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            return new Trace(name, lastMinute[0] + 1, List.copyOf(functions));
        } catch (IOException e) {
            throw new TraceFormatException(file + ": " + e.getMessage());
        }
    }

    private void warn(Path file, int line, String what) {
        warnings.accept(file + ":" + line + ": skipped, " + what);
    }
}
