package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits on a guest: until it is ready (booted or restored), noticing on the way one that died,
 * and until it has stopped after a shutdown request.
 */
final class GuestWaits {

    private static final Logger log = LoggerFactory.getLogger(GuestWaits.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CRASH_CHECK = Duration.ofMillis(500);

    private final Domains domains;
    private final BootReadiness readiness;

    GuestWaits(Domains domains, BootReadiness readiness) {
        this.domains = domains;
        this.readiness = readiness;
    }

    /** Returns once the guest is ready; throws if its domain stopped or the timeout passed. */
    void awaitReady(String name, VmFiles files, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        try (var watch = readiness.watch(files)) {
            while (true) {
                // In slices, so that a guest that died is noticed without waiting for the deadline.
                var slice = Math.min(CRASH_CHECK.toNanos(), Math.max(0, deadline - System.nanoTime()));
                try {
                    if (watch.awaitReady(Duration.ofNanos(slice))) {
                        return;
                    }
                } catch (IOException e) {
                    log.debug("readiness check of {} failed, retrying: {}", name, e.toString());
                    sleep(POLL);
                }
                if (!domains.isActive(name)) {
                    throw new VmBootException("VM " + name + " stopped while booting" + consoleTail(files));
                }
                if (System.nanoTime() >= deadline) {
                    throw new VmBootException("VM " + name + " was not ready within " + timeout + consoleTail(files));
                }
            }
        }
    }

    /** Returns when the domain is no longer active or {@code grace} has passed, whichever is first. */
    void awaitStopped(String name, Duration grace) {
        var deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && domains.isActive(name)) {
            sleep(POLL);
        }
    }

    private static String consoleTail(VmFiles files) {
        try {
            var lines = Files.readAllLines(files.consoleLog());
            if (lines.isEmpty()) {
                return "; the guest wrote nothing to its console";
            }
            return "; last console lines:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "; no console output";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmOperationException("interrupted", e);
        }
    }
}
