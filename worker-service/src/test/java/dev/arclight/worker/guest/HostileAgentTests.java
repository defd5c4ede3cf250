package dev.arclight.worker.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a guest agent under a function's control could send the worker: the guest is not trusted
 * (docs/operations.md, threat model), so garbage, oversize frames and floods must end at most that
 * one VM's connection, fast, never the worker's process or another VM's connection.
 */
class HostileAgentTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private Path socket;

    @BeforeEach
    void listen() throws Exception {
        socket = dir.resolve("agent.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aFrameThatIsNotJsonClosesOnlyThatConnectionAndFailsItsCallsAtOnce() throws Exception {
        peer(agent -> {
            frame(agent, "{\"event\":\"ready\"}".getBytes(StandardCharsets.UTF_8));
            AgentFrames.read(agent);
            frame(agent, new byte[] {(byte) 0xff, 0x00, 0x7b, 0x13, 0x37});
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> connection.call("invoke", connection.fields(), Duration.ofSeconds(30)))
                    .isInstanceOf(AgentUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void anOversizeFrameAfterReadyEndsTheConnectionWithoutReadingIt() throws Exception {
        peer(agent -> {
            frame(agent, "{\"event\":\"ready\"}".getBytes(StandardCharsets.UTF_8));
            AgentFrames.read(agent);
            agent.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 1).flip());
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            assertThatThrownBy(() -> connection.call("stats", connection.fields(), Duration.ofSeconds(30)))
                    .isInstanceOf(AgentUnavailableException.class);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void keepsAnsweringThroughAFloodOfUnsolicitedFramesAndAnswersToNoRequest() throws Exception {
        var flooded = new AtomicInteger();
        peer(agent -> {
            frame(agent, "{\"event\":\"ready\"}".getBytes(StandardCharsets.UTF_8));
            var request = json.readTree(AgentFrames.read(agent));
            for (int i = 0; i < 20_000; i++) {
                frame(agent, ("{\"event\":\"noise\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                frame(
                        agent,
                        ("{\"id\":" + (1_000_000 + i) + ",\"ok\":true,\"result\":{}}")
                                .getBytes(StandardCharsets.UTF_8));
                flooded.incrementAndGet();
            }
            frame(
                    agent,
                    ("{\"id\":" + request.path("id").asLong() + ",\"ok\":true,\"result\":{\"answer\":42}}")
                            .getBytes(StandardCharsets.UTF_8));
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            var result = connection.call("stats", connection.fields(), Duration.ofSeconds(30));
            assertThat(result.path("answer").asInt()).isEqualTo(42);
            assertThat(flooded.get()).isEqualTo(20_000);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    interface PeerScript {
        void run(SocketChannel agent) throws Exception;
    }

    private void peer(PeerScript script) {
        Thread.ofVirtual().start(() -> {
            try (var agent = server.accept()) {
                script.run(agent);
            } catch (Exception e) {
                // the connection under test ended it
            }
        });
    }

    private static void frame(SocketChannel agent, byte[] payload) throws Exception {
        AgentFrames.write(agent, payload);
    }
}
