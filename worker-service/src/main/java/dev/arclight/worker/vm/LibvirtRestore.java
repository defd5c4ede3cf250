package dev.arclight.worker.vm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code virDomainRestoreFlags} with {@code VIR_DOMAIN_SAVE_PAUSED}, which the Java bindings do not
 * offer (their {@code restore} starts the guest at once), called through JNA on a connection of its
 * own. No {@code VIR_DOMAIN_SAVE_BYPASS_CACHE}: the template's image is meant to stay in the page
 * cache for the next clone.
 */
final class LibvirtRestore {

    private static final int VIR_DOMAIN_SAVE_PAUSED = 4;

    private interface Virt extends Library {
        Pointer virConnectOpen(String uri);

        int virDomainRestoreFlags(Pointer connection, String from, String dxml, int flags);

        String virGetLastErrorMessage();
    }

    private final String uri;
    private Virt virt;
    private Pointer connection;

    LibvirtRestore(String uri) {
        this.uri = uri;
    }

    /** Restores the image as a paused domain, named as its XML names it. */
    void restorePaused(java.nio.file.Path image) {
        Pointer open;
        synchronized (this) {
            if (connection == null) {
                virt = Native.load("virt", Virt.class);
                connection = virt.virConnectOpen(uri);
                if (connection == null) {
                    throw new VmOperationException(
                            "cannot open " + uri + " for restores: " + virt.virGetLastErrorMessage());
                }
            }
            open = connection;
        }
        // libvirt connections are thread-safe: restores of several clones may run at once.
        if (virt.virDomainRestoreFlags(open, image.toString(), null, VIR_DOMAIN_SAVE_PAUSED) < 0) {
            var reason = virt.virGetLastErrorMessage();
            // The daemon may have restarted under this connection: the next restore opens a new one.
            // The old one is left open, not closed: another restore may still be using it.
            synchronized (this) {
                if (connection == open) {
                    connection = null;
                }
            }
            throw new VmOperationException("restore of " + image + " failed: " + reason);
        }
    }
}
