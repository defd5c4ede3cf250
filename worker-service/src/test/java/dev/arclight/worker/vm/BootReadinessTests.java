package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootReadinessTests {

    @TempDir
    Path dir;

    private static byte[] frame(String json) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length)
                .putInt(bytes.length)
                .put(bytes)
                .array();
    }

    /** Plays the QEMU end of the agent port: accepts one connection and writes the given chunks. */
    private Thread agent(ServerSocketChannel server, byte[]... chunks) {
        return Thread.ofVirtual().start(() -> {
            try (SocketChannel client = server.accept()) {
                for (var chunk : chunks) {
                    client.write(ByteBuffer.wrap(chunk));
                    Thread.sleep(20);
                }
                Thread.sleep(2_000);
            } catch (Exception ignored) {
                // The test is over.
            }
        });
    }

    private ServerSocketChannel listen(VmFiles files) throws Exception {
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(files.agentSocket()));
        return server;
    }

    @Test
    void isReadyOnceTheAgentSendsItsReadyEventEvenInPieces() throws Exception {
        var files = new VmFiles(dir);
        var ready = frame("{\"event\":\"ready\",\"agentVersion\":\"1\"}");
        try (var server = listen(files);
                var watch = new AgentReadyEvent().watch(files)) {
            var half = ready.length / 2;
            agent(
                    server,
                    frame("{\"event\":\"log\"}"),
                    java.util.Arrays.copyOfRange(ready, 0, half),
                    java.util.Arrays.copyOfRange(ready, half, ready.length));

            assertThat(watch.awaitReady(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void isNotReadyWhileTheAgentSendsOnlyOtherEvents() throws Exception {
        var files = new VmFiles(dir);
        try (var server = listen(files);
                var watch = new AgentReadyEvent().watch(files)) {
            agent(server, frame("{\"event\":\"log\"}"));

            assertThat(watch.awaitReady(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void isReadyWhenTheAgentAnswersAPingThoughItSentNoReadyEvent() throws Exception {
        var files = new VmFiles(dir);
        try (var server = listen(files);
                var watch = new AgentReadyEvent().watch(files)) {
            Thread.ofVirtual().start(() -> {
                try (SocketChannel client = server.accept()) {
                    var length = ByteBuffer.allocate(4);
                    while (length.hasRemaining()) {
                        client.read(length);
                    }
                    var request = ByteBuffer.allocate(length.flip().getInt());
                    while (request.hasRemaining()) {
                        client.read(request);
                    }
                    var id = tools.jackson.databind.json.JsonMapper.shared()
                            .readTree(new String(request.array(), StandardCharsets.UTF_8))
                            .path("id")
                            .asString();
                    client.write(ByteBuffer.wrap(frame("{\"id\":\"" + id + "\",\"ok\":true,\"result\":{}}")));
                    Thread.sleep(2_000);
                } catch (Exception ignored) {
                    // The test is over.
                }
            });

            assertThat(watch.awaitReady(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void isNotReadyWhileTheSocketDoesNotExist() throws Exception {
        try (var watch = new AgentReadyEvent().watch(new VmFiles(dir))) {
            var started = System.nanoTime();

            assertThat(watch.awaitReady(Duration.ofMillis(200))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void consoleMarkerIsReadyOnceTheMarkerIsLogged() throws Exception {
        var files = new VmFiles(dir);
        var watch = new ConsoleMarkerReadiness("guest-up").watch(files);

        assertThat(watch.awaitReady(Duration.ofMillis(100))).isFalse();
        Files.writeString(files.consoleLog(), "[    1.2] booting\nguest-up\n");
        assertThat(watch.awaitReady(Duration.ofMillis(100))).isTrue();
    }
}
