package dev.arclight.worker.vm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ready once the guest agent has sent its {@code ready} event over the agent port (see
 * docs/guest-protocol.md: 4-byte big-endian length, then a JSON object). The agent sends it each
 * time the host connects, so the worker's agent client gets its own when it connects later.
 */
public final class AgentReadyEvent implements BootReadiness {

    private static final Duration RETRY = Duration.ofMillis(50);
    private static final int MAX_FRAME = 1 << 20;

    @Override
    public Watch watch(VmFiles files) {
        return new AgentWatch(files);
    }

    private static final class AgentWatch implements Watch {

        private final VmFiles files;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private SocketChannel channel;
        private Selector selector;

        AgentWatch(VmFiles files) {
            this.files = files;
        }

        @Override
        public boolean awaitReady(Duration timeout) throws IOException {
            var deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (channel == null && !connect()) {
                    if (!pause(deadline)) {
                        return false;
                    }
                    continue;
                }
                long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (selector.select(remainingMs) > 0) {
                    selector.selectedKeys().clear();
                    if (channel.read(buffer) < 0) {
                        // QEMU closed our end (the VM stopped): connect again on the next call.
                        disconnect();
                        continue;
                    }
                    if (readyFrameReceived()) {
                        return true;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
            }
        }

        private boolean connect() throws IOException {
            var socket = files.agentSocket();
            if (!Files.exists(socket)) {
                return false;
            }
            var candidate = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                candidate.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException notListeningYet) {
                candidate.close();
                return false;
            }
            candidate.configureBlocking(false);
            selector = Selector.open();
            candidate.register(selector, SelectionKey.OP_READ);
            channel = candidate;
            buffer.clear();
            return true;
        }

        /** Consumes whole frames from the buffer; true once one of them is the ready event. */
        private boolean readyFrameReceived() throws IOException {
            buffer.flip();
            try {
                while (buffer.remaining() >= 4) {
                    int length = buffer.getInt(buffer.position());
                    if (length < 0 || length > MAX_FRAME) {
                        throw new IOException("the agent sent a frame of " + length + " bytes");
                    }
                    if (buffer.remaining() < 4 + length) {
                        break;
                    }
                    buffer.position(buffer.position() + 4);
                    var json = new byte[length];
                    buffer.get(json);
                    if (isReadyEvent(json)) {
                        return true;
                    }
                }
                return false;
            } finally {
                buffer.compact();
            }
        }

        private static boolean isReadyEvent(byte[] json) {
            try {
                return "ready"
                        .equals(JsonMapper.shared()
                                .readTree(new String(json, StandardCharsets.UTF_8))
                                .path("event")
                                .asString(""));
            } catch (JacksonException e) {
                return false;
            }
        }

        private static boolean pause(long deadline) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, RETRY.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return true;
        }

        private void disconnect() throws IOException {
            if (selector != null) {
                selector.close();
                selector = null;
            }
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }

        @Override
        public void close() {
            try {
                disconnect();
            } catch (IOException ignored) {
                // Nothing is left to release.
            }
        }
    }
}
