package dev.arclight.worker.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of the guest protocol against a peer on a real Unix socket that plays the agent's
 * part of the framing. The agent itself is exercised on a real VM by the worker's VM tests.
 */
class AgentConnectionTests {

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
    void opensOnlyAfterTheAgentSaysReady() throws Exception {
        var peer = peer(agent -> {
            Thread.sleep(200);
            send(agent, "{\"event\":\"ready\",\"bootId\":\"b1\"}");
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            assertThat(connection.readyEvent().path("bootId").asString()).isEqualTo("b1");
        }
        peer.cancel(true);
    }

    @Test
    void matchesResponsesThatArriveOutOfOrderToTheirRequests() throws Exception {
        peer(agent -> {
            send(agent, "{\"event\":\"ready\"}");
            var first = json.readTree(AgentFrames.read(agent));
            var second = json.readTree(AgentFrames.read(agent));
            send(agent, "{\"event\":\"container_exited\",\"containerId\":\"c1\"}");
            // Answer the later request first, as the agent does when it finishes first.
            send(
                    agent,
                    "{\"id\":" + second.path("id").asLong() + ",\"ok\":true,\"result\":{\"op\":\""
                            + second.path("op").asString() + "\"}}");
            send(
                    agent,
                    "{\"id\":" + first.path("id").asLong() + ",\"ok\":true,\"result\":{\"op\":\""
                            + first.path("op").asString() + "\"}}");
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            var slow = CompletableFuture.supplyAsync(
                    () -> connection.call("stats", connection.fields(), Duration.ofSeconds(5)));
            Thread.sleep(100);
            var fast = connection.call("ping", connection.fields(), Duration.ofSeconds(5));
            assertThat(fast.path("op").asString()).isEqualTo("ping");
            assertThat(slow.get().path("op").asString()).isEqualTo("stats");
            assertThat(events).extracting(e -> e.path("event").asString()).containsExactly("container_exited");
        }
    }

    @Test
    void turnsARefusalIntoAnAgentExceptionWithItsType() throws Exception {
        peer(agent -> {
            send(agent, "{\"event\":\"ready\"}");
            var request = json.readTree(AgentFrames.read(agent));
            send(
                    agent,
                    "{\"id\":" + request.path("id").asLong()
                            + ",\"ok\":false,\"error\":{\"type\":\"Runtime.ImportModuleError\",\"message\":\"no module\",\"logTail\":\"tb\"}}");
            Thread.sleep(5_000);
        });
        try (var connection = AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add)) {
            assertThatThrownBy(() -> connection.call("start_container", connection.fields(), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(AgentException.class, e -> {
                        assertThat(e.type()).isEqualTo("Runtime.ImportModuleError");
                        assertThat(e.logTail()).isEqualTo("tb");
                    });
        }
    }

    @Test
    void failsPendingCallsAtOnceWhenTheAgentHangsUp() throws Exception {
        peer(agent -> {
            send(agent, "{\"event\":\"ready\"}");
            AgentFrames.read(agent);
            agent.close();
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
    void givesUpWhenNoReadyEventComes() {
        peer(agent -> Thread.sleep(5_000));
        assertThatThrownBy(() -> AgentConnection.open(socket, Duration.ofMillis(300), json, events::add))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("no ready event");
    }

    @Test
    void refusesAFrameThatClaimsMoreThanTheLimit() throws Exception {
        peer(agent -> {
            agent.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());
            Thread.sleep(5_000);
        });
        assertThatThrownBy(() -> AgentConnection.open(socket, Duration.ofSeconds(5), json, events::add))
                .isInstanceOf(AgentUnavailableException.class);
    }

    interface PeerScript {
        void run(SocketChannel agent) throws Exception;
    }

    private CompletableFuture<Void> peer(PeerScript script) {
        var done = new CompletableFuture<Void>();
        Thread.ofVirtual().start(() -> {
            try (var agent = server.accept()) {
                script.run(agent);
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void send(SocketChannel agent, String message) throws Exception {
        AgentFrames.write(agent, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
