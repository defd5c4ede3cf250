package dev.arclight.worker.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The host-side files of one VM, all in one directory named after its domain: the agent's
 * virtio-serial socket and the serial console log. Deleting the directory leaves nothing behind.
 */
public record VmFiles(Path dir) {

    public Path agentSocket() {
        return dir.resolve("agent.sock");
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** sun_path holds 108 bytes with its NUL; Java's connect refuses paths near that already. */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    /** Creates the directory, emptied of anything an earlier VM of the same name left. */
    public VmFiles create() {
        var socket = agentSocket().toString();
        if (socket.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            // Found now rather than as a boot that never gets ready: QEMU may accept the path.
            throw new IllegalArgumentException("the agent socket path " + socket + " is longer than "
                    + MAX_SOCKET_PATH_BYTES + " bytes; use a shorter arclight.worker.vm-dir or VM id");
        }
        delete();
        try {
            Files.createDirectories(dir);
            // libvirtd (root) creates the socket and the log and hands QEMU open descriptors, so
            // nobody else needs to enter: the socket is the guest's way to the host.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the VM directory " + dir, e);
        }
    }

    public boolean exists() {
        return Files.exists(dir);
    }

    public void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the VM directory " + dir, e);
        }
    }
}
