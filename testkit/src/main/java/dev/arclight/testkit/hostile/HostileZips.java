package dev.arclight.testkit.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips Lambda must refuse: path tricks, links, bombs, too many entries, broken bytes; and a valid one. */
public final class HostileZips {

    private HostileZips() {}

    /** A valid zip of {@code files} (name to content), in the order given. */
    public static byte[] zip(Map<String, String> files) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A valid Python function {@code app.handler} that returns {@code expression}. */
    public static byte[] python(String expression) {
        return zip(Map.of("app.py", "def handler(event, context):\n    return " + expression + "\n"));
    }

    /** Each refused zip by what is wrong with it. */
    public static Map<String, byte[]> refused() {
        var zips = new LinkedHashMap<String, byte[]>();
        zips.put("traversal", zip(Map.of("../../etc/evil", "x")));
        zips.put("absolute path", zip(Map.of("/etc/evil", "x")));
        zips.put("backslashes", zip(Map.of("..\\..\\evil", "x")));
        zips.put("symlink", symlink());
        zips.put("bomb", bomb());
        zips.put("20,001 entries", entries(20_001));
        var whole = python("1");
        zips.put("truncated", Arrays.copyOf(whole, whole.length / 2));
        return zips;
    }

    /**
     * A zip whose one entry is marked, in its central directory, as made on Unix with a symbolic
     * link's mode: {@link ZipOutputStream} cannot write one, so the bytes are patched.
     */
    private static byte[] symlink() {
        var zip = zip(Map.of("link", "/etc/passwd"));
        int end = zip.length - 22;
        int directory = (zip[end + 16] & 0xff) | (zip[end + 17] & 0xff) << 8 | (zip[end + 18] & 0xff) << 16;
        zip[directory + 5] = 3;
        int mode = 0120777 << 16;
        for (int i = 0; i < 4; i++) {
            zip[directory + 38 + i] = (byte) (mode >> (8 * i));
        }
        return zip;
    }

    /** 300 MB of zeros, deflated to well under a megabyte. */
    private static byte[] bomb() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros"));
            var block = new byte[1024 * 1024];
            for (int i = 0; i < 300; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] entries(int count) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
