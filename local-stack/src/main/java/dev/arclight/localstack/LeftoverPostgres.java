package dev.arclight.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server that an earlier local stack left running on the same data directory.
 *
 * <p>pg_ctl puts the server in a session of its own, so when the JVM that started it dies without
 * running its shutdown hook (SIGKILL, OOM killer) the server lives on, holds the port and would make
 * every later start fail.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private LeftoverPostgres() {}

    static void stopIfRunning(Path dataDirectory) {
        findServer(dataDirectory).ifPresent(server -> {
            log.warn(
                    "stopping PostgreSQL (pid {}) left running on {} by an earlier local stack",
                    server.pid(),
                    dataDirectory);
            stop(server);
        });
    }

    /** The postmaster named by postmaster.pid, if it is alive and really serves this data directory. */
    static Optional<ProcessHandle> findServer(Path dataDirectory) {
        var pidFile = dataDirectory.resolve("postmaster.pid");
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated process since: insist on a postgres binary
        // started on this very directory before signalling it.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .commandLine()
                        .filter(line -> line.contains("postgres") && line.contains(dataDirectory.toString()))
                        .isPresent());
    }

    private static void stop(ProcessHandle server) {
        try {
            // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect, which
            // SIGTERM (what ProcessHandle.destroy sends) would.
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            server.onExit().get(FAST_SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            server.destroyForcibly();
        }
    }
}
