package dev.arclight.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/** The little CSV the traces need: hashes and numbers, no quoting. */
final class Csv {

    private Csv() {}

    /** One row with the header's column count, and its line number (the header is line 1). */
    interface Row {
        void accept(String[] cells, int line);
    }

    /** A line that is skipped, and why. */
    interface Skip {
        void skip(int line, String why);
    }

    /** Every non-blank line after the header: to {@code row} when it has {@code columns}, else to {@code skip}. */
    static void rows(BufferedReader in, int columns, Row row, Skip skip) throws IOException {
        String line;
        int number = 1;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (cells.length != columns) {
                skip.skip(number, cells.length + " columns, the header has " + columns);
                continue;
            }
            row.accept(cells, number);
        }
    }

    static String[] split(String line) {
        String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        String[] cells = trimmed.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    static String[] header(Path file, String line) throws TraceFormatException {
        if (line == null || line.isBlank()) {
            throw new TraceFormatException(file + ": empty, expected a header line");
        }
        return split(line.startsWith("\uFEFF") ? line.substring(1) : line);
    }

    static int column(Path file, String[] header, String name) throws TraceFormatException {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new TraceFormatException(file + ": no column " + name + " in the header");
    }

    /** The value, or -1 when it is not a non-negative integer (a trailing ".0" is accepted). */
    static int nonNegativeInt(String cell) {
        if (cell.isEmpty()) {
            return -1;
        }
        try {
            double value = Double.parseDouble(cell);
            if (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE) {
                return -1;
            }
            return (int) value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The value, or NaN when it is not a finite number. */
    static double positiveDouble(String cell) {
        try {
            double value = Double.parseDouble(cell);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
