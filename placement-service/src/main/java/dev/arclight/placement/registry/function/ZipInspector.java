package dev.arclight.placement.registry.function;

import dev.arclight.placement.registry.LambdaException.InvalidParameterValueException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipInputStream;

/**
 * Checks that a deployment package is a whole zip archive and measures it unzipped, as Lambda does
 * before it accepts code. Reading every entry catches corrupt data (each entry's CRC is checked);
 * looking for the end-of-central-directory record catches an archive cut short between entries,
 * which a streaming read alone would take for a shorter archive.
 */
public final class ZipInspector {

    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int END_RECORD_LENGTH = 22;
    private static final int MAX_COMMENT_LENGTH = 0xffff;

    private final long maxUnzippedBytes;

    public ZipInspector(long maxUnzippedBytes) {
        this.maxUnzippedBytes = maxUnzippedBytes;
    }

    /** The total size of the archive's entries; throws if it is not a valid zip or unzips too large. */
    public long unzippedSize(byte[] zip) {
        if (!hasEndOfCentralDirectory(zip)) {
            throw notAZip();
        }
        long total = 0;
        int entries = 0;
        var buffer = new byte[64 * 1024];
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            while (in.getNextEntry() != null) {
                entries++;
                total = drain(in, buffer, total);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw notAZip();
        }
        if (entries == 0) {
            throw notAZip();
        }
        return total;
    }

    private long drain(InputStream entry, byte[] buffer, long total) throws IOException {
        int n;
        while ((n = entry.read(buffer)) > 0) {
            total += n;
            if (total > maxUnzippedBytes) {
                throw new InvalidParameterValueException(
                        "Unzipped size must be smaller than " + maxUnzippedBytes + " bytes");
            }
        }
        return total;
    }

    private static boolean hasEndOfCentralDirectory(byte[] zip) {
        int lowest = Math.max(0, zip.length - END_RECORD_LENGTH - MAX_COMMENT_LENGTH);
        for (int i = zip.length - END_RECORD_LENGTH; i >= lowest; i--) {
            if (littleEndianInt(zip, i) == END_OF_CENTRAL_DIRECTORY) {
                int commentLength = (zip[i + 20] & 0xff) | (zip[i + 21] & 0xff) << 8;
                if (i + END_RECORD_LENGTH + commentLength == zip.length) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff)
                | (bytes[at + 1] & 0xff) << 8
                | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
    }

    private static InvalidParameterValueException notAZip() {
        return new InvalidParameterValueException(
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
}
