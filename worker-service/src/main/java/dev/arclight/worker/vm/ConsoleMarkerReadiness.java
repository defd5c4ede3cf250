package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/** Ready once the guest has written a marker to its serial console. */
public final class ConsoleMarkerReadiness implements BootReadiness {

    private static final Duration POLL = Duration.ofMillis(50);

    private final String marker;

    public ConsoleMarkerReadiness(String marker) {
        this.marker = marker;
    }

    @Override
    public Watch watch(VmFiles files) {
        return timeout -> {
            var deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var log = files.consoleLog();
                // ISO-8859-1 maps every byte to one char, so a partly written UTF-8 line cannot fail.
                if (Files.exists(log)
                        && Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker)) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                sleep();
            }
        };
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
