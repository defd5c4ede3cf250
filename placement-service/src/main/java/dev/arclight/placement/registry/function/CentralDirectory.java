package dev.arclight.placement.registry.function;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The central directory of a zip, read by hand. It is what unpackers such as Python's {@code
 * zipfile} (the guest's) take names and file modes from, so it is what must be checked; a
 * streaming reader only sees the local headers, which a hostile archive can make disagree with it.
 * Reading stops at {@code maxEntries + 1} entries, so a directory of a million entries costs no
 * more than one just over the bound.
 */
final class CentralDirectory {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_LENGTH = 22;
    private static final int MAX_COMMENT_LENGTH = 0xffff;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_END_LENGTH = 56;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int ENTRY_HEADER_LENGTH = 46;

    /**
     * @param name the entry's name, decoded as UTF-8
     * @param unixMode the Unix mode in the upper half of the external attributes (0 when none)
     * @param localHeaderOffset where the entry's local header is, relative to the directory's idea
     *     of the archive's start
     */
    record Entry(String name, int unixMode, long localHeaderOffset) {}

    /** More entries than the bound; reading stopped there. */
    static final class TooManyEntries extends Exception {
        TooManyEntries() {
            super(null, null, false, false);
        }
    }

    private CentralDirectory() {}

    /** The entries, or empty when the bytes are no zip (no end record, a directory out of bounds). */
    static Optional<List<Entry>> read(byte[] zip, int maxEntries) throws TooManyEntries {
        int end = endRecord(zip);
        if (end < 0) {
            return Optional.empty();
        }
        long size = unsignedInt(zip, end + 12);
        int endOfDirectory = end;
        if (size == 0xffffffffL
                || unsignedInt(zip, end + 16) == 0xffffffffL
                || unsignedShort(zip, end + 10) == 0xffff) {
            int zip64 = end - ZIP64_LOCATOR_LENGTH - ZIP64_END_LENGTH;
            if (zip64 < 0
                    || signature(zip, end - ZIP64_LOCATOR_LENGTH) != ZIP64_LOCATOR_SIGNATURE
                    || signature(zip, zip64) != ZIP64_END_SIGNATURE) {
                return Optional.empty();
            }
            size = longAt(zip, zip64 + 40);
            endOfDirectory = zip64;
        }
        // Measured back from its end, as Python does, so data prepended to the archive is no problem.
        long start = endOfDirectory - size;
        if (size < 0 || start < 0) {
            return Optional.empty();
        }
        var entries = new ArrayList<Entry>();
        int at = (int) start;
        while (at < endOfDirectory) {
            if (at + ENTRY_HEADER_LENGTH > endOfDirectory || signature(zip, at) != ENTRY_SIGNATURE) {
                return Optional.empty();
            }
            if (entries.size() == maxEntries) {
                throw new TooManyEntries();
            }
            int nameLength = unsignedShort(zip, at + 28);
            int next =
                    at + ENTRY_HEADER_LENGTH + nameLength + unsignedShort(zip, at + 30) + unsignedShort(zip, at + 32);
            if (next > endOfDirectory) {
                return Optional.empty();
            }
            var name = utf8(zip, at + ENTRY_HEADER_LENGTH, nameLength);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            entries.add(new Entry(name.get(), (int) (unsignedInt(zip, at + 38) >>> 16), unsignedInt(zip, at + 42)));
            at = next;
        }
        return Optional.of(entries);
    }

    /** Where the end-of-central-directory record starts, or -1. */
    private static int endRecord(byte[] zip) {
        int lowest = Math.max(0, zip.length - END_LENGTH - MAX_COMMENT_LENGTH);
        for (int i = zip.length - END_LENGTH; i >= lowest; i--) {
            if (signature(zip, i) == END_SIGNATURE && i + END_LENGTH + unsignedShort(zip, i + 20) == zip.length) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> utf8(byte[] zip, int at, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(zip, at, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int signature(byte[] zip, int at) {
        return at < 0 || at + 4 > zip.length ? 0 : (int) unsignedInt(zip, at);
    }

    private static int unsignedShort(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long unsignedInt(byte[] b, int at) {
        return (unsignedShort(b, at) | (long) unsignedShort(b, at + 2) << 16) & 0xffffffffL;
    }

    private static long longAt(byte[] b, int at) {
        return unsignedInt(b, at) | unsignedInt(b, at + 4) << 32;
    }
}
