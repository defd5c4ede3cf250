package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;

/**
 * Under {@code qemu:///system} QEMU runs as its own unprivileged user, which must be able to walk
 * down to the guest image. A path under a private home directory (such as /root) fails only when
 * a VM starts, with "Permission denied"; this finds such a path at start-up instead.
 */
final class QemuUserReach {

    private QemuUserReach() {}

    /** The first directory on the way to {@code path} that others may not enter, if any. */
    static Optional<Path> closedDirectoryOnTheWayTo(Path path) {
        for (var dir = path.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (Files.exists(dir)
                        && !Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return Optional.of(dir);
                }
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
