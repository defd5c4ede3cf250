package dev.arclight.worker.vm;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of the guest protocol (docs/guest-protocol.md) for VM tests to make a guest do
 * something: ping, and start a Python container. The worker's own
 * agent client lives elsewhere; this one only serves tests of the VM layer.
 */
final class GuestAgentTestClient implements AutoCloseable {

    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final AtomicInteger ids = new AtomicInteger();

    GuestAgentTestClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new DataInputStream(Channels.newInputStream(channel));
        out = new DataOutputStream(Channels.newOutputStream(channel));
    }

    JsonNode ping() throws IOException {
        return request(Map.of("op", "ping"));
    }

    /**
     * Starts a Python container from one module, {@code function.py}, whose {@code handler} the
     * runtime loads at start: code at the module's top level runs before this returns.
     */
    JsonNode startPythonContainer(String containerId, String module, int memoryMib) throws IOException {
        return request(Map.of(
                "op",
                "start_container",
                "containerId",
                containerId,
                "runtime",
                "python3.11",
                "handler",
                "function.handler",
                "code",
                Base64.getEncoder().encodeToString(zip("function.py", module)),
                "memoryMib",
                memoryMib,
                "initTimeoutMs",
                300_000));
    }

    private JsonNode request(Map<String, Object> fields) throws IOException {
        var id = "test-" + ids.incrementAndGet();
        var message = new java.util.HashMap<String, Object>(fields);
        message.put("id", id);
        var json = JsonMapper.shared().writeValueAsBytes(message);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
        while (true) {
            var frame = new byte[in.readInt()];
            in.readFully(frame);
            var reply = JsonMapper.shared().readTree(new String(frame, StandardCharsets.UTF_8));
            if (id.equals(reply.path("id").asString(""))) {
                if (!reply.path("ok").asBoolean(false)) {
                    throw new IOException("the agent refused " + fields.get("op") + ": " + reply);
                }
                return reply.path("result");
            }
        }
    }

    private static byte[] zip(String name, String content) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
