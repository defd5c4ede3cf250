package dev.arclight.placement.registry.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipInspectorTests {

    private final ZipInspector inspector = new ZipInspector(10_000, 100);

    @Test
    void measuresAValidZipUnzipped() throws IOException {
        assertThat(inspector.unzippedSize(zip(3000, 4000))).isEqualTo(7000);
    }

    @Test
    void rejectsBytesThatAreNotAZip() {
        assertInvalid("not a zip at all".getBytes(), "Could not unzip");
    }

    @Test
    void rejectsAZipCutShort() throws IOException {
        var zip = zip(3000, 4000);
        for (int cut : new int[] {1, 10, 30, zip.length / 2, zip.length - 5}) {
            assertInvalid(Arrays.copyOf(zip, zip.length - cut), "Could not unzip");
        }
    }

    @Test
    void rejectsAnEmptyArchive() throws IOException {
        assertInvalid(zip(), "Could not unzip");
    }

    @Test
    void rejectsAZipThatUnzipsTooLarge() throws IOException {
        assertInvalid(zip(6000, 6000), "Unzipped size must be smaller than 10000 bytes");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/evil",
                "/etc/evil",
                "lib/../../evil",
                "..",
                "a/..",
                "..\\..\\evil",
                "lib\\evil",
                "C:/evil",
                "c:evil",
                "a\u0000b",
                ""
            })
    void rejectsAnEntryOutsideTheTaskFolder(String name) throws IOException {
        assertInvalid(named(name), "outside the function's folder");
    }

    @Test
    void acceptsNestedFoldersAndDotSegments() throws IOException {
        assertThat(inspector.unzippedSize(named("lib/pkg/./mod.py"))).isEqualTo(1);
        assertThat(inspector.unzippedSize(named("lib/"))).isEqualTo(1);
    }

    @Test
    void rejectsASymlinkEntry() throws IOException {
        var zip = named("link");
        setUnixMode(zip, 0120777);

        assertInvalid(zip, "symbolic link");
    }

    @Test
    void acceptsAnExecutableUnixFile() throws IOException {
        var zip = named("bootstrap");
        setUnixMode(zip, 0100755);

        assertThat(inspector.unzippedSize(zip)).isEqualTo(1);
    }

    @Test
    void rejectsMoreEntriesThanTheBound() throws IOException {
        assertThat(inspector.unzippedSize(zip(new int[100]))).isZero();
        assertInvalid(zip(new int[101]), "at most 100 files");
    }

    @Test
    void countsInflatedBytesNotTheSizesTheHeadersClaim() throws IOException {
        // A bomb: 1 MB of zeros deflates to about 1 KB; the central directory is then made to claim
        // 10 bytes, which a check that trusts the header would take for the truth.
        var bomb = zip(1_000_000);
        var claimed = centralDirectory(bomb);
        writeInt(bomb, claimed + 24, 10);

        assertThatThrownBy(() -> new ZipInspector(100_000, 100).unzippedSize(bomb))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void rejectsCentralDirectoryNamesThatDifferFromTheEntries() throws IOException {
        // The unpacker reads names from the central directory, a streaming reader from the local
        // headers: a zip whose two disagree must not pass on the innocent copy.
        var zip = named("safe/evil");
        var at = centralDirectory(zip) + 46;
        var swapped = "../e/evil".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(swapped, 0, zip, at, swapped.length);

        assertThatThrownBy(() -> inspector.unzippedSize(zip)).isInstanceOf(InvalidParameterValueException.class);
    }

    private void assertInvalid(byte[] bytes, String message) {
        assertThatThrownBy(() -> inspector.unzippedSize(bytes))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(message);
    }

    private static byte[] zip(int... entrySizes) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entrySizes.length; i++) {
                zip.putNextEntry(new ZipEntry("file" + i));
                zip.write(new byte[entrySizes[i]]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * A zip of one one-byte entry named {@code name}, written byte for byte: ZipOutputStream would
     * refuse none of the hostile names, but this way the names are exactly what the test says.
     */
    static byte[] named(String name) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name.isEmpty() ? "placeholder" : name));
            zip.write('x');
            zip.closeEntry();
        }
        var out = bytes.toByteArray();
        if (name.isEmpty()) {
            // Rewriting a name to nothing shifts every offset; setting both length fields to zero
            // and leaving the bytes would break the archive, so an empty name is emulated by NULs.
            fill(out, 30, "placeholder".length());
            fill(out, centralDirectory(out) + 46, "placeholder".length());
        }
        return out;
    }

    private static void fill(byte[] zip, int at, int length) {
        Arrays.fill(zip, at, at + length, (byte) 0);
    }

    /** Marks the first central directory entry as made on Unix with {@code mode}. */
    static void setUnixMode(byte[] zip, int mode) {
        int at = centralDirectory(zip);
        zip[at + 5] = 3; // version made by: host 3 is Unix
        writeInt(zip, at + 38, mode << 16);
    }

    static int centralDirectory(byte[] zip) {
        for (int i = zip.length - 22; i >= 0; i--) {
            if (readInt(zip, i) == 0x06054b50) {
                return readInt(zip, i + 16);
            }
        }
        throw new IllegalArgumentException("no end of central directory");
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >> 8);
        b[at + 2] = (byte) (value >> 16);
        b[at + 3] = (byte) (value >> 24);
    }
}
