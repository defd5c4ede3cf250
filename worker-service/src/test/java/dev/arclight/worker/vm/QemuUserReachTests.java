package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuUserReachTests {

    @TempDir
    Path tmp;

    @Test
    void findsAPrivateDirectoryOnTheWayToTheImage() throws Exception {
        var home = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        var image = Files.createDirectories(home.resolve("images/current"));

        assertThat(QemuUserReach.closedDirectoryOnTheWayTo(image.resolve("vmlinuz")))
                .contains(home);
    }

    @Test
    void findsNothingWhenEveryDirectoryMayBeTraversed() throws Exception {
        var image = Files.createDirectories(tmp.resolve("images/current"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

        // /tmp and the directories above it are open to others on any usual system.
        assertThat(QemuUserReach.closedDirectoryOnTheWayTo(image.resolve("vmlinuz")))
                .isEmpty();
    }
}
