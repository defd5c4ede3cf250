package dev.arclight.worker.vm;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one connection to libvirt, opened on first use and opened again when the daemon
 * went away (libvirtd restarts without taking the VMs with it). libvirt connections are
 * thread-safe, so every caller shares it.
 */
public class LibvirtConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LibvirtConnection.class);

    private final String uri;
    private Connect connect;

    public LibvirtConnection(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** Runs one libvirt call, turning libvirt's checked errors into {@link VmOperationException}. */
    public <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.apply(connection());
        } catch (LibvirtException e) {
            throw new VmOperationException(what + " failed: " + e.getMessage(), e);
        }
    }

    public void run(String what, LibvirtAction action) {
        call(what, c -> {
            action.apply(c);
            return null;
        });
    }

    private synchronized Connect connection() throws LibvirtException {
        if (connect != null && !alive(connect)) {
            log.warn("the connection to {} was lost; opening it again", uri);
            closeQuietly();
        }
        if (connect == null) {
            connect = new Connect(uri);
        }
        return connect;
    }

    private static boolean alive(Connect connect) {
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connect == null) {
            return;
        }
        try {
            connect.close();
        } catch (LibvirtException e) {
            log.debug("closing the connection to {}: {}", uri, e.getMessage());
        }
        connect = null;
    }

    @FunctionalInterface
    public interface LibvirtCall<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    @FunctionalInterface
    public interface LibvirtAction {
        void apply(Connect connect) throws LibvirtException;
    }
}
