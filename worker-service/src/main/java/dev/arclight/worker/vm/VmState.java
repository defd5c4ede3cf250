package dev.arclight.worker.vm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where a VM is in its life on this worker. */
public sealed interface VmState {

    /** The domain is being defined from its XML. */
    record Defining(Instant since) implements VmState {}

    /** QEMU runs; the guest has not said it is ready yet. */
    record Booting(Instant startedAt) implements VmState {}

    /**
     * The guest is up. {@code bootTime} is from define to ready, or empty for a VM adopted from an
     * earlier run of this worker.
     */
    record Running(Instant readyAt, Optional<BootTimes> bootTimes) implements VmState {}

    /** Shutting down or being destroyed. */
    record Stopping(Instant since) implements VmState {}

    /** The domain and its files are gone. */
    record Gone(Instant at, String reason) implements VmState {}

    /** How long each step of a boot took. */
    record BootTimes(Duration define, Duration start, Duration startToReady) {

        public Duration total() {
            return define.plus(start).plus(startToReady);
        }
    }
}
