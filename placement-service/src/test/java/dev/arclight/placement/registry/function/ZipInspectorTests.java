package dev.arclight.placement.registry.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.registry.LambdaException.InvalidParameterValueException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipInspectorTests {

    private final ZipInspector inspector = new ZipInspector(10_000);

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
}
