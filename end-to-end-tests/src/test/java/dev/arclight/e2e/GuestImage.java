package dev.arclight.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The guest image the worker boots, as {@code ./arclight up} prepares it: {@code guest/build.sh}
 * (a cache hit unless an input changed), then a copy in a directory QEMU's own user can enter
 * (under qemu:///system it cannot enter /root).
 */
final class GuestImage {

    private static final String[] FILES = {"vmlinuz", "initrd.img", "rootfs.img", "manifest.json"};

    private GuestImage() {}

    /** @return the directory holding the image, inside {@code reachable} */
    static Path prepare(Path root, Path reachable) {
        try {
            var built = build(root);
            var image = reachable.resolve("image");
            Files.createDirectories(image);
            for (var name : FILES) {
                Files.copy(built.resolve(name), image.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            for (var dir : new Path[] {reachable, image}) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(Path root) throws IOException {
        var log = Files.createTempFile("guest-build", ".log");
        var process = new ProcessBuilder(root.resolve("guest/build.sh").toString())
                .redirectError(log.toFile())
                .start();
        try {
            var out = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("guest/build.sh failed:\n" + Files.readString(log));
            }
            // The script prints the image directory as its last line.
            return Path.of(out.lines().toList().getLast());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the guest image", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
