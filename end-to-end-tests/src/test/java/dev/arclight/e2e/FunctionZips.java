package dev.arclight.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Deployment packages built in memory, as a user's build would produce them. */
final class FunctionZips {

    private FunctionZips() {}

    static SdkBytes python(String body) {
        return SdkBytes.fromByteArray(zip("handler.py", body.getBytes(StandardCharsets.UTF_8)));
    }

    static SdkBytes echoPython() {
        return python("def handler(event, context):\n    return event\n");
    }

    /** A valid zip of about {@code bytes} that does not compress (random content). */
    static SdkBytes incompressible(int bytes) {
        var content = new byte[bytes];
        new Random(42).nextBytes(content);
        return SdkBytes.fromByteArray(zip("blob.bin", content));
    }

    /**
     * A folder of {@code examples/} zipped as a user would ({@code cd examples/x && zip -r ...}),
     * keeping each file's executable bit.
     */
    static SdkBytes example(String folder) {
        var root = Path.of(System.getProperty("arclight.e2e.root", ".."))
                .resolve("examples")
                .resolve(folder);
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipArchiveOutputStream(out);
                var files = Files.list(root)) {
            for (var file : files.sorted().toList()) {
                var entry = new ZipArchiveEntry(file.getFileName().toString());
                entry.setUnixMode(Files.isExecutable(file) ? 0100755 : 0100644);
                zip.putArchiveEntry(entry);
                zip.write(Files.readAllBytes(file));
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(out.toByteArray());
    }

    static byte[] zip(String entry, byte[] content) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
