package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Ready once the guest has written a marker line to its serial console. */
public final class ConsoleMarkerReadiness implements BootReadiness {

    private final byte[] marker;

    public ConsoleMarkerReadiness(String marker) {
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isReady(VmFiles files) throws IOException {
        var log = files.consoleLog();
        if (!Files.exists(log)) {
            return false;
        }
        return indexOf(Files.readAllBytes(log), marker) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
