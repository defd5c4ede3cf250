package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The real guest image for tests that boot VMs: the output of {@code guest/build.sh}, built when
 * missing (the build caches by content, so a second run returns at once). Under qemu:///system QEMU
 * runs as its own user, which cannot enter a home directory such as /root, and libvirt hands the
 * files it boots to that user while the VM runs; the image is therefore copied into the test's own
 * directory, which anyone can traverse.
 *
 * <p>Where the image comes from, first match wins: {@code ARCLIGHT_TEST_IMAGE_DIR} (an image
 * directory), {@code ARCLIGHT_GUEST_BUILD} (a build script), the repository's
 * {@code guest/build.sh}.
 */
public final class TestGuestImage {

    private TestGuestImage() {}

    public static GuestImage prepare(Path reachableDir) throws IOException, InterruptedException {
        var source = locate();
        Files.createDirectories(reachableDir);
        Files.setPosixFilePermissions(reachableDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (var name : new String[] {"vmlinuz", "initrd.img", "rootfs.img", "manifest.json"}) {
            var target = reachableDir.resolve(name);
            Files.copy(source.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return GuestImage.load(reachableDir);
    }

    private static Path locate() throws IOException, InterruptedException {
        var given = System.getenv("ARCLIGHT_TEST_IMAGE_DIR");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        var script = System.getenv("ARCLIGHT_GUEST_BUILD");
        var build = script != null && !script.isBlank()
                ? Path.of(script)
                : repositoryRoot().resolve("guest/build.sh");
        if (!Files.isExecutable(build)) {
            throw new IllegalStateException("no guest image for VM tests: " + build + " does not exist. Set"
                    + " ARCLIGHT_TEST_IMAGE_DIR to a built image or ARCLIGHT_GUEST_BUILD to the build script.");
        }
        return runBuild(build);
    }

    private static Path runBuild(Path build) throws IOException, InterruptedException {
        var log = Files.createTempFile("guest-build", ".log");
        var process = new ProcessBuilder(build.toString())
                .redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        var out = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(build + " failed; its log:\n" + Files.readString(log));
        }
        Files.deleteIfExists(log);
        // The script prints the image directory as its last line.
        var lines = out.lines().toList();
        return Path.of(lines.getLast());
    }

    private static Path repositoryRoot() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
