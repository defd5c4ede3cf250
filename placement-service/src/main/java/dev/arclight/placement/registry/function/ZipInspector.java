package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

/**
 * Checks that a deployment package is a whole zip archive that unpacks inside the function's
 * folder, and measures it unzipped, before Lambda-style code is accepted.
 *
 * <ul>
 *   <li>Names and modes come from the central directory, which is what the guest's unpacker
 *       reads: no absolute names, drive letters, {@code ..} segments, backslashes or NULs, and only
 *       regular files and folders (a symbolic link could point anywhere once unpacked).
 *   <li>Every entry is then inflated through its local header and the bytes actually produced are
 *       counted, so a zip bomb whose headers claim small sizes is caught at the bound, and each CRC
 *       is checked. The local headers must name exactly the entries of the central directory, each
 *       at its own offset: overlapping entries, or names hidden from one of the two readers, fail.
 *   <li>At most {@code maxEntries} entries, counted while the directory is read.
 * </ul>
 */
public final class ZipInspector {

    /** A drive letter ({@code C:}), which some unpackers take for an absolute path. */
    private static final Pattern DRIVE = Pattern.compile("^[a-zA-Z]:.*", Pattern.DOTALL);

    private static final int FILE_TYPE = 0170000;
    private static final int REGULAR_FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMBOLIC_LINK = 0120000;

    private final long maxUnzippedBytes;
    private final int maxEntries;

    public ZipInspector(long maxUnzippedBytes, int maxEntries) {
        this.maxUnzippedBytes = maxUnzippedBytes;
        this.maxEntries = maxEntries;
    }

    /** The total size of the archive's entries; throws if it is not a zip Lambda would unpack. */
    public long unzippedSize(byte[] zip) {
        List<CentralDirectory.Entry> entries;
        try {
            entries = CentralDirectory.read(zip, maxEntries).orElseThrow(ZipInspector::notAZip);
        } catch (CentralDirectory.TooManyEntries e) {
            throw new InvalidParameterValueException(
                    "A deployment package may hold at most " + maxEntries + " files and folders");
        }
        if (entries.isEmpty()) {
            throw notAZip();
        }
        var offsets = new HashSet<Long>();
        for (var entry : entries) {
            checkName(entry.name());
            checkMode(entry);
            if (!offsets.add(entry.localHeaderOffset())) {
                throw notAZip();
            }
        }
        return inflate(zip, entries);
    }

    private long inflate(byte[] zip, List<CentralDirectory.Entry> entries) {
        var expected = new ArrayList<String>();
        entries.forEach(entry -> expected.add(entry.name()));
        var seen = new ArrayList<String>();
        long total = 0;
        var buffer = new byte[64 * 1024];
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (seen.size() == entries.size()) {
                    throw notAZip();
                }
                seen.add(entry.getName());
                total = drain(in, buffer, total);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw notAZip();
        }
        expected.sort(null);
        seen.sort(null);
        if (!expected.equals(seen)) {
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

    private static void checkName(String name) {
        boolean outside = name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || DRIVE.matcher(name).matches();
        for (var segment : name.split("/", -1)) {
            outside |= segment.equals("..");
        }
        if (outside) {
            throw new InvalidParameterValueException("Could not unzip uploaded file: the entry '" + printable(name)
                    + "' points outside the function's folder (absolute, '..', '\\', a drive letter or NUL)");
        }
    }

    private static void checkMode(CentralDirectory.Entry entry) {
        int type = entry.unixMode() & FILE_TYPE;
        if (type == SYMBOLIC_LINK) {
            throw new InvalidParameterValueException("Could not unzip uploaded file: the entry '"
                    + printable(entry.name()) + "' is a symbolic link, which Arclight does not accept");
        }
        if (type != 0 && type != REGULAR_FILE && type != DIRECTORY) {
            throw new InvalidParameterValueException("Could not unzip uploaded file: the entry '"
                    + printable(entry.name()) + "' is not a regular file or folder");
        }
    }

    /** The name as it may go into a message: control characters shown, long names cut. */
    private static String printable(String name) {
        var shown = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return name.length() > 200 ? shown + "..." : shown.toString();
    }

    private static InvalidParameterValueException notAZip() {
        return new InvalidParameterValueException(
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
}
