package dev.arclight.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
