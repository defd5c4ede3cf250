package dev.arclight.worker.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * Deployment packages for tests, built as Lambda users build them: a zip whose entries keep their
 * Unix modes (a {@code provided} runtime's {@code bootstrap} must stay executable, and {@code
 * java.util.zip} cannot record modes, the zip file system can).
 */
final class FunctionZips {

    private FunctionZips() {}

    /** One Python or Node.js module, not executable. */
    static String module(String name, String source) {
        return zip(Map.of(name, source), false);
    }

    /** Several Python or Node.js modules, none executable. */
    static String modules(Map<String, String> files) {
        return zip(files, false);
    }

    /** A {@code provided} runtime's executable {@code bootstrap}. */
    static String bootstrap(String script) {
        return zip(Map.of("bootstrap", script), true);
    }

    /**
     * A zip with entries named as given, with no checks at all (java.util.zip writes {@code
     * ../evil} as it is): what a hostile upload could hold.
     */
    static String raw(Map<String, String> files) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String zip(Map<String, String> files, boolean executable) {
        try {
            var dir = Files.createTempDirectory("function-zip");
            var path = dir.resolve("function.zip");
            var uri = URI.create("jar:" + path.toUri());
            try (var zip =
                    FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                for (var file : files.entrySet()) {
                    var entry = zip.getPath(file.getKey());
                    Files.writeString(entry, file.getValue());
                    Files.setPosixFilePermissions(
                            entry, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            var bytes = Files.readAllBytes(path);
            Files.delete(path);
            Files.delete(dir);
            return Base64.getEncoder().encodeToString(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
