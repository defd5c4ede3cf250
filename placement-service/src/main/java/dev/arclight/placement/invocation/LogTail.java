package dev.arclight.placement.invocation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The log a caller gets with {@code X-Amz-Log-Type: Tail}: the container's output during the
 * call followed by Lambda's {@code REPORT} line, cut to its last 4 KB (at a character boundary)
 * and base64-encoded into {@code X-Amz-Log-Result}.
 */
final class LogTail {

    static final int MAX_BYTES = 4096;

    private LogTail() {}

    static String withReport(String log, String requestId, double durationMs, int memoryMib, Double initDurationMs) {
        if (log != null && log.contains("REPORT RequestId: " + requestId)) {
            // The guest's runtime wrote its own, with the memory it measured: one is enough.
            return last4k(log);
        }
        var text = new StringBuilder(log == null ? "" : log);
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append(String.format(
                Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                requestId,
                durationMs,
                (long) Math.ceil(durationMs),
                memoryMib));
        if (initDurationMs != null) {
            text.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initDurationMs));
        }
        text.append('\n');
        return last4k(text.toString());
    }

    static String last4k(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return text;
        }
        int from = bytes.length - MAX_BYTES;
        // Skip continuation bytes so the cut does not split a character.
        while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    static String base64(String tail) {
        return Base64.getEncoder().encodeToString(last4k(tail).getBytes(StandardCharsets.UTF_8));
    }
}
