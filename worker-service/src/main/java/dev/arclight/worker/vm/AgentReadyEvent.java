package dev.arclight.worker.vm;

import dev.arclight.worker.guest.AgentFrames;
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
 * Ready once the guest agent answers on the agent port (docs/guest-protocol.md: 4-byte big-endian
 * length, then a JSON object): with its {@code ready} event, which it sends when it sees the host
 * connect, or with the answer to a {@code ping}. The pings, one a second, matter: a host that
 * reconnects quickly can do so between two of the agent's looks at the port, and then no ready
 * event comes. Pings written before the agent opens its port are lost, which is harmless.
 */
public final class AgentReadyEvent implements BootReadiness {

    private static final Duration RETRY = Duration.ofMillis(50);
    private static final Duration PING_EVERY = Duration.ofSeconds(1);
    private static final String PING_ID = "arclight-boot-readiness";

    @Override
    public Watch watch(VmFiles files) {
        return new AgentWatch(files);
    }

    private static final class AgentWatch implements Watch {

        private final VmFiles files;
        private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private SocketChannel channel;
        private Selector selector;
        private long nextPing;

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
                if (System.nanoTime() >= nextPing) {
                    ping();
                    if (channel == null) {
                        continue;
                    }
                }
                long untilNext = Math.min(deadline, nextPing) - System.nanoTime();
                if (selector.select(Math.max(1, untilNext / 1_000_000)) > 0) {
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
            nextPing = System.nanoTime();
            return true;
        }

        private void ping() throws IOException {
            nextPing = System.nanoTime() + PING_EVERY.toNanos();
            var json = ("{\"id\":\"" + PING_ID + "\",\"op\":\"ping\"}").getBytes(StandardCharsets.UTF_8);
            var frame = AgentFrames.encode(json);
            // Written whole, or not at all when QEMU has stopped reading (the guest has not opened
            // its port yet). Half a frame would garble the stream, so that connection is dropped.
            if (channel.write(frame) > 0 && frame.hasRemaining()) {
                disconnect();
            }
        }

        /** Consumes whole frames from the buffer; true once one of them is the ready event. */
        private boolean readyFrameReceived() throws IOException {
            buffer.flip();
            try {
                byte[] json;
                while ((json = AgentFrames.take(buffer)) != null) {
                    if (isReadyOrPong(json)) {
                        return true;
                    }
                }
                return false;
            } finally {
                buffer.compact();
                growForTheNextFrame();
            }
        }

        /** A frame larger than the buffer (a stale answer, say) must still be read to get past it. */
        private void growForTheNextFrame() throws IOException {
            if (buffer.position() < 4) {
                return;
            }
            int needed = 4 + AgentFrames.announced(buffer.duplicate().flip());
            if (needed > buffer.capacity()) {
                buffer = ByteBuffer.allocate(needed).put(buffer.flip());
            }
        }

        private static boolean isReadyOrPong(byte[] json) {
            try {
                var message = JsonMapper.shared().readTree(new String(json, StandardCharsets.UTF_8));
                return "ready".equals(message.path("event").asString(""))
                        || (PING_ID.equals(message.path("id").asString(""))
                                && message.path("ok").asBoolean(false));
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
