package dev.arclight.worker.container;

import dev.arclight.worker.guest.AgentConnection;
import dev.arclight.worker.guest.GuestAgent;
import dev.arclight.worker.vm.VirtualMachine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open agent connection per VM, opened on first use and opened again when it dropped (the
 * agent restarted, or QEMU closed the socket). A reopened connection whose {@code bootId} differs
 * means the guest lost every container; the listener hears about it.
 */
class VmAgents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VmAgents.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** An open agent, the runtimes its guest has, and the boot it belongs to. */
    record Session(GuestAgent agent, List<String> runtimes, String bootId) {}

    private final JsonMapper json;
    private final BiConsumer<String, JsonNode> events;
    private final BiConsumer<String, String> rebooted;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> bootIds = new ConcurrentHashMap<>();
    private final Map<String, List<String>> spares = new ConcurrentHashMap<>();

    /**
     * @param events receives each agent event with the VM id
     * @param rebooted told (VM id, new boot id) when a VM's guest came back with a new boot id
     */
    VmAgents(JsonMapper json, BiConsumer<String, JsonNode> events, BiConsumer<String, String> rebooted) {
        this.json = json;
        this.events = events;
        this.rebooted = rebooted;
    }

    Session session(VirtualMachine vm) {
        var current = sessions.get(vm.id());
        if (current != null && current.agent().isConnected()) {
            return current;
        }
        // One opener per VM at a time: two connections to one virtio-serial port would garble it.
        return sessions.compute(vm.id(), (id, existing) -> {
            if (existing != null && existing.agent().isConnected()) {
                return existing;
            }
            if (existing != null) {
                existing.agent().close();
            }
            return open(vm);
        });
    }

    private Session open(VirtualMachine vm) {
        var connection = AgentConnection.open(vm.agentSocket(), OPEN_TIMEOUT, json, e -> {
            if ("spares".equals(e.path("event").asString(""))) {
                spares.put(vm.id(), strings(e.path("spares")));
                synchronized (spares) {
                    spares.notifyAll();
                }
            }
            events.accept(vm.id(), e);
        });
        var ready = connection.readyEvent();
        spares.put(vm.id(), strings(ready.path("spares")));
        synchronized (spares) {
            spares.notifyAll();
        }
        var runtimes = new ArrayList<String>();
        ready.path("runtimes").forEach(r -> runtimes.add(r.asString()));
        var bootId = ready.path("bootId").asString("");
        var previous = bootIds.put(vm.id(), bootId);
        if (previous != null && !previous.equals(bootId)) {
            log.warn(
                    "the guest of VM {} restarted (boot {} -> {}): its containers are gone", vm.id(), previous, bootId);
            rebooted.accept(vm.id(), bootId);
        }
        return new Session(new GuestAgent(connection), List.copyOf(runtimes), bootId);
    }

    /** See {@link Containers#establishIdentity}; the session then knows the VM's own boot id. */
    void establishIdentity(VirtualMachine vm, long epochMs) {
        var seed = new byte[64];
        RANDOM.nextBytes(seed);
        var answer = session(vm).agent().identity(seed, epochMs);
        var bootId = answer.path("bootId").asString("");
        if (bootId.isEmpty()) {
            throw new IllegalStateException("the agent of VM " + vm.id() + " gave no boot id after its identity");
        }
        bootIds.put(vm.id(), bootId);
        sessions.computeIfPresent(vm.id(), (id, s) -> new Session(s.agent(), s.runtimes(), bootId));
    }

    /** The runtimes pre-started in the VM, as its agent last reported them. */
    List<String> spares(String vmId) {
        return spares.getOrDefault(vmId, List.of());
    }

    /**
     * Until the VM's agent reports a ready spare of each of {@code runtimes}, woken by its {@code
     * spares} events (no polling); false if {@code timeout} passed first.
     */
    boolean awaitSpares(String vmId, List<String> runtimes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (spares) {
            while (!spares(vmId).containsAll(runtimes)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                spares.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(v -> values.add(v.asString()));
        return List.copyOf(values);
    }

    void close(String vmId) {
        var session = sessions.remove(vmId);
        bootIds.remove(vmId);
        spares.remove(vmId);
        if (session != null) {
            session.agent().close();
        }
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::close);
    }
}
