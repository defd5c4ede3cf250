package dev.arclight.worker.guest;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One open connection to a VM's agent over its virtio-serial socket, multiplexing requests: each
 * request gets an id, a reader thread completes the matching future when the response arrives in
 * whatever order the agent finishes, and events go to a listener.
 *
 * <p>The agent announces itself with a {@code ready} event each time it sees the host connect,
 * so {@link #open} returns once the guest is up and listening. A host that reconnects quickly can
 * do so between two of the agent's looks at the port, and then no {@code ready} comes: so
 * {@link #open} also pings once a second, and the first answer (same fields as {@code ready})
 * counts as readiness too.
 */
public final class AgentConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
    private static final Duration PING_EVERY = Duration.ofSeconds(1);
    /** The agent usually says ready within milliseconds of a connect; only then are pings needed. */
    private static final Duration FIRST_PING_AFTER = Duration.ofMillis(250);

    private final SocketChannel channel;
    private final JsonMapper json;
    private final Consumer<JsonNode> events;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    private AgentConnection(SocketChannel channel, JsonMapper json, Consumer<JsonNode> events) {
        this.channel = channel;
        this.json = json;
        this.events = events;
        Thread.ofVirtual().name("agent-reader-" + channel.hashCode()).start(this::readLoop);
    }

    /**
     * Connects to the agent socket and waits for the agent's {@code ready} event.
     *
     * @param events receives every event other than {@code ready} (e.g. {@code container_exited})
     */
    public static AgentConnection open(Path socket, Duration timeout, JsonMapper json, Consumer<JsonNode> events) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new AgentUnavailableException("cannot connect to the agent at " + socket + ": " + e.getMessage(), e);
        }
        var connection = new AgentConnection(channel, json, events);
        Thread.ofVirtual().name("agent-ping-" + channel.hashCode()).start(connection::pingUntilReady);
        try {
            connection.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (TimeoutException e) {
            connection.close();
            throw new AgentUnavailableException("the agent at " + socket + " sent no ready event in " + timeout, e);
        } catch (ExecutionException e) {
            connection.close();
            throw new AgentUnavailableException("the agent at " + socket + " hung up before it was ready", e);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("interrupted while waiting for the agent", e);
        }
    }

    /** Pings written before the agent opened its port are lost, hence one a second until answered. */
    private void pingUntilReady() {
        try {
            ready.get(FIRST_PING_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException e) {
            // No ready event yet: ping.
        } catch (ExecutionException | InterruptedException e) {
            return;
        }
        while (!ready.isDone() && !closed) {
            try {
                ready.complete(call("ping", fields(), PING_EVERY));
            } catch (AgentUnavailableException | AgentException e) {
                // Lost or late: the next ping, or the ready event, will do.
            }
        }
    }

    /** The {@code ready} event (or first ping answer) this connection received (agent version, boot id, runtimes). */
    public JsonNode readyEvent() {
        return ready.join();
    }

    /**
     * Sends {@code op} with {@code fields} and waits up to {@code timeout} for the result.
     *
     * @throws AgentException when the agent answers {@code ok: false}
     * @throws AgentUnavailableException when the channel fails or the answer is late
     */
    public JsonNode call(String op, ObjectNode fields, Duration timeout) {
        long id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        try {
            var request = fields.deepCopy().put("id", id).put("op", op);
            if (closed) {
                throw new AgentUnavailableException("the agent connection is closed", null);
            }
            synchronized (writeLock) {
                AgentFrames.write(channel, json.writeValueAsBytes(request));
            }
            var response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.path("ok").asBoolean(false)) {
                return response.path("result");
            }
            var error = response.path("error");
            throw new AgentException(
                    error.path("type").asString("AgentError"),
                    error.path("message").asString(""),
                    error.path("logTail").asString(""),
                    error.path("functionError").asBoolean(false),
                    error.path("payload").asString(""));
        } catch (IOException e) {
            throw new AgentUnavailableException(op + ": the agent channel failed: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new AgentUnavailableException(op + ": no answer from the agent within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AgentUnavailableException(op + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException(op + ": interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    public ObjectNode fields() {
        return json.createObjectNode();
    }

    public boolean isOpen() {
        return !closed;
    }

    private void readLoop() {
        Throwable failure = null;
        try {
            while (!closed) {
                dispatch(json.readTree(AgentFrames.read(channel)));
            }
        } catch (EOFException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = e;
            if (!closed) {
                log.warn("agent channel failed: {}", e.toString());
            }
        } finally {
            var cause = failure != null ? failure : new EOFException("agent connection closed");
            closed = true;
            ready.completeExceptionally(cause);
            pending.values().forEach(answer -> answer.completeExceptionally(cause));
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("id")) {
            // Ids that are not ours (e.g. boot readiness's string-id pings answered after it hung
            // up) belong to nobody here; they must not end the connection.
            var id = message.path("id");
            var answer = id.isIntegralNumber() ? pending.get(id.asLong()) : null;
            if (answer != null) {
                answer.complete(message);
            } else {
                log.debug("dropping an answer to a request of no one on this connection: id {}", id);
            }
        } else if ("ready".equals(message.path("event").asString(""))) {
            ready.complete(message);
        } else if (message.has("event")) {
            events.accept(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the agent channel: {}", e.toString());
        }
    }
}
