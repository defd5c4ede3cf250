package dev.arclight.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports nobody listens on right now, so tests never collide with a running ./arclight up. */
final class FreePorts {

    private FreePorts() {}

    static List<Integer> pick(int count) {
        // All sockets stay open until every port is chosen, so the same port is not handed out twice.
        var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in a way that matters here
                }
            });
        }
    }

    static LocalStackSettings settingsFor(java.nio.file.Path home) {
        var ports = pick(3);
        return new LocalStackSettings(home, ports.get(0), ports.get(1), ports.get(2));
    }
}
