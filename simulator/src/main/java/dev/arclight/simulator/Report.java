package dev.arclight.simulator;

import java.util.List;
import java.util.Locale;

/** The two output formats of a run. */
final class Report {

    private Report() {}

    static String json(Trace trace, List<PolicyResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("{\"trace\": ").append(quote(trace.name()));
        out.append(", \"functions\": ").append(trace.functions().size());
        out.append(", \"invocations\": ").append(trace.invocations());
        out.append(", \"policies\": [");
        for (int i = 0; i < results.size(); i++) {
            PolicyResult r = results.get(i);
            out.append(i == 0 ? "" : ", ");
            out.append(String.format(
                    Locale.ROOT,
                    "{\"name\": %s, \"coldStartPercent\": %s, \"p75ColdStartPercent\": %s,"
                            + " \"wastedMemoryTime\": %s, \"peakMemoryMib\": %d}",
                    quote(r.name()),
                    number(r.coldStartPercent(), 4),
                    number(r.p75ColdStartPercent(), 2),
                    java.math.BigDecimal.valueOf(r.wastedMemoryTime())
                            .setScale(1, java.math.RoundingMode.HALF_UP)
                            .toPlainString(),
                    r.peakMemoryMib()));
        }
        return out.append("]}").toString();
    }

    static String table(Trace trace, List<PolicyResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "trace %s: %d functions, %d invocations, %d minutes%n",
                trace.name(),
                trace.functions().size(),
                trace.invocations(),
                trace.minutes()));
        out.append(String.format(
                Locale.ROOT,
                "%-18s %12s %12s %16s %16s %10s%n",
                "policy",
                "cold starts",
                "cold %",
                "p75 fn cold %",
                "wasted MB-min",
                "peak MiB"));
        for (PolicyResult r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-18s %12d %12.4f %16.2f %16.0f %10d%n",
                    r.name(),
                    r.coldStarts(),
                    r.coldStartPercent(),
                    r.p75ColdStartPercent(),
                    r.wastedMemoryTime(),
                    r.peakMemoryMib()));
        }
        return out.toString();
    }

    private static String number(double value, int decimals) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(decimals, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
