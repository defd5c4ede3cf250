package dev.arclight.worker.vm;

import java.io.IOException;
import java.time.Duration;

/**
 * Tells when a booting guest is ready for work. The default waits for the guest agent's
 * {@code ready} event on the agent port ({@link AgentReadyEvent}); a marker line on the serial
 * console ({@link ConsoleMarkerReadiness}) serves guests without the agent.
 */
@FunctionalInterface
public interface BootReadiness {

    /** Starts watching one VM's boot; the watch is closed once the VM is ready or given up. */
    Watch watch(VmFiles files);

    interface Watch extends AutoCloseable {

        /** Waits up to {@code timeout}; true once the guest is ready. Called again after false. */
        boolean awaitReady(Duration timeout) throws IOException;

        @Override
        default void close() {}
    }

    /** Ready as soon as QEMU runs: for libvirt's test driver, which boots no guest. */
    static BootReadiness immediately() {
        return files -> timeout -> true;
    }
}
