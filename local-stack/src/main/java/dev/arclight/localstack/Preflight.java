package dev.arclight.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks made before anything starts, so that a busy port or a read-only directory is reported in
 * one sentence instead of surfacing later as a PostgreSQL or Kafka stack trace.
 */
final class Preflight {

    private Preflight() {}

    /** Creates {@code directory} if needed and proves a file can be written in it. */
    static void requireWritableDirectory(Path directory, String role) {
        try {
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".write-probe", null));
        } catch (IOException | SecurityException e) {
            throw new LocalStackException("cannot write the " + role + " directory " + directory + " (" + reason(e)
                    + "); set ARCLIGHT_HOME to a writable directory");
        }
    }

    /** Fails if something already listens on the loopback {@code port}. */
    static void requireFreePort(int port, String owner, String setting) {
        // ServerSocket turns on SO_REUSEADDR on Linux, so sockets of an earlier run lingering in
        // TIME_WAIT do not count as "in use"; a listener does.
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new LocalStackException("port " + port + " (" + owner + ") is already in use; stop what listens on it"
                    + " or choose another port with " + setting);
        }
    }

    private static String reason(Exception e) {
        // The NIO exceptions carry the path as their message, which the sentence already names.
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "it cannot be created: no such file or directory";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }
}
