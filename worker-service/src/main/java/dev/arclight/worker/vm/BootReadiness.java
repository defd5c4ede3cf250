package dev.arclight.worker.vm;

import java.io.IOException;

/**
 * Tells when a booting guest is ready for work. Polled until it answers true or the boot times out;
 * the default looks for a marker line on the serial console, and the guest agent's own handshake
 * can replace it.
 */
@FunctionalInterface
public interface BootReadiness {

    boolean isReady(VmFiles files) throws IOException;
}
