package dev.arclight.worker.container;

import dev.arclight.worker.guest.AgentException;
import dev.arclight.worker.guest.ContainerSpec;
import dev.arclight.worker.guest.GuestAgent;
import dev.arclight.worker.guest.InvokeOutcome;
import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The containers of this worker's VMs: starts them through each VM's guest agent, hands each one
 * invocation at a time, stops them, and forgets them when their VM goes.
 *
 * <p>The one-at-a-time rule is enforced here, before the agent is asked, by moving the container
 * from {@code IDLE} to {@code BUSY} atomically: a second caller sees {@code BUSY} and is refused at
 * once (Lambda never queues on a busy sandbox). Every state change is published as a {@link
 * ContainersChanged} event so the VM's utilization is reported promptly.
 */
public class Containers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    private static final String AGENT_NOT_FOUND = "ContainerNotFound";

    private final VirtualMachines vms;
    private final VmAgents agents;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int pidsMax;
    private final GrowBeforeUse memory;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();

    public Containers(
            VirtualMachines vms,
            JsonMapper json,
            ApplicationEventPublisher events,
            Clock clock,
            int pidsMax,
            GrowBeforeUse memory) {
        this.vms = vms;
        this.memory = memory;
        this.pidsMax = pidsMax;
        this.events = events;
        this.clock = clock;
        this.agents = new VmAgents(json, this::agentEvent, (vmId, bootId) -> forgetContainersOf(vmId));
    }

    /**
     * A started container and where its start went, in milliseconds: growing a shrunk VM first,
     * the agent's whole start call as the host saw it, and the split the agent reported ({@code
     * guest}: its own unpacking, the runtime's load of the function up to its first {@code /next},
     * and what came before them).
     */
    public record Started(Container container, double growMs, double agentMs, GuestStartTimings guest) {

        public double prepareMs() {
            return guest.prepareMs();
        }

        public double initMs() {
            return guest.initMs();
        }
    }

    /** Starts the container and returns once its runtime is warm. */
    public Started start(String vmId, ContainerRequest request) {
        var vm = vms.find(vmId).orElseThrow(() -> new NoSuchVmException(vmId));
        var session = agents.session(vm);
        if (!session.runtimes().contains(request.runtime())) {
            throw new InvalidRuntimeException(request.runtime(), session.runtimes());
        }
        var starting = new Container(
                request.containerId(),
                vmId,
                request.functionArn(),
                request.functionVersion(),
                request.runtime(),
                request.memoryMib(),
                request.timeout(),
                Container.State.STARTING,
                0,
                Optional.empty(),
                false);
        if (containers.putIfAbsent(starting.id(), starting) != null) {
            throw new ContainerConflictException(starting.id());
        }
        changed(vmId);
        boolean preStarted;
        long began = System.nanoTime();
        long grown;
        long answered;
        JsonNode started;
        try {
            memory.before(vmId, inVm(vmId));
            grown = System.nanoTime();
            started = session.agent()
                    .startContainer(new ContainerSpec(
                            request.containerId(),
                            request.runtime(),
                            request.handler(),
                            request.code(),
                            request.memoryMib(),
                            request.timeout(),
                            request.environment(),
                            functionName(request.functionArn()),
                            request.functionVersion(),
                            pidsMax));
            answered = System.nanoTime();
            preStarted = started.path("preStarted").asBoolean(false);
        } catch (RuntimeException e) {
            containers.remove(starting.id());
            changed(vmId);
            throw e;
        }
        var idle = containers.computeIfPresent(
                starting.id(), (id, c) -> c.with(Container.State.IDLE).withPreStarted(preStarted));
        changed(vmId);
        if (idle == null) {
            throw new NoSuchContainerException(starting.id());
        }
        var timings =
                new Started(idle, (grown - began) / 1e6, (answered - grown) / 1e6, GuestStartTimings.from(started));
        log.info(
                "container {} ({}) in VM {} started {} (grow {} ms, agent {} ms: in the agent {} ms, of which"
                        + " imports {} ms, unpack {} ms, init {} ms)",
                idle.id(),
                idle.runtime(),
                vmId,
                preStarted ? "from a pre-started runtime" : "cold (no pre-started runtime)",
                Math.round(timings.growMs()),
                Math.round(timings.agentMs()),
                Math.round(timings.guest().inAgentMs()),
                Math.round(timings.guest().importsMs()),
                Math.round(timings.prepareMs()),
                Math.round(timings.initMs()));
        return timings;
    }

    /**
     * Gives a VM just restored from a template its own identity through its agent (fresh random
     * bytes for the kernel's RNG, the host's clock, its own boot id); throws when the agent does
     * not confirm with a boot id.
     */
    public void establishIdentity(VirtualMachine vm) {
        agents.establishIdentity(vm, clock.millis());
    }

    /** Has the VM's agent keep a pre-started runtime of each of these ready, in the background. */
    public void prestart(VirtualMachine vm, List<String> runtimes) {
        agents.session(vm).agent().prestart(runtimes);
    }

    /** Until the VM's agent reports a ready spare of each runtime; false after {@code timeout}. */
    public boolean awaitSpares(String vmId, List<String> runtimes, Duration timeout) throws InterruptedException {
        return agents.awaitSpares(vmId, runtimes, timeout);
    }

    /** The runtimes pre-started in the VM and not yet taken, as its agent last said. */
    public List<String> spares(String vmId) {
        return agents.spares(vmId);
    }

    /**
     * Runs one invocation; a function error is an outcome, not an exception.
     *
     * @param clientContext the caller's {@code X-Amz-Client-Context} (base64 JSON), or {@code null}
     */
    public InvokeOutcome invoke(String containerId, String requestId, String payload, String clientContext) {
        var busy = containers.compute(containerId, (id, c) -> {
            if (c == null) {
                throw new NoSuchContainerException(id);
            }
            if (c.state() != Container.State.IDLE) {
                throw new ContainerBusyException(id, c.state());
            }
            return c.invokedAt(clock.instant());
        });
        changed(busy.vmId());
        try {
            memory.before(busy.vmId(), inVm(busy.vmId()));
            var vm = requireVm(busy.vmId());
            return agents.session(vm)
                    .agent()
                    .invoke(containerId, requestId, payload, busy.timeout(), busy.functionArn(), clientContext);
        } catch (AgentException e) {
            if (AGENT_NOT_FOUND.equals(e.type())) {
                // The guest no longer has it (it restarted): so neither do we.
                containers.remove(containerId);
                throw new NoSuchContainerException(containerId);
            }
            throw e;
        } finally {
            containers.computeIfPresent(
                    containerId, (id, c) -> c.state() == Container.State.BUSY ? c.with(Container.State.IDLE) : c);
            changed(busy.vmId());
        }
    }

    /** Stops the container: its processes, cgroup, code and logs go. */
    public void stop(String containerId) {
        var container = containers.get(containerId);
        if (container == null) {
            throw new NoSuchContainerException(containerId);
        }
        try {
            vms.find(container.vmId())
                    .ifPresent(vm -> agents.session(vm).agent().stopContainer(containerId));
        } catch (AgentException e) {
            if (!AGENT_NOT_FOUND.equals(e.type())) {
                throw e;
            }
        }
        containers.remove(containerId);
        changed(container.vmId());
    }

    /** The VM is being destroyed: its containers and its agent connection go with it. */
    public void vmGone(String vmId) {
        agents.close(vmId);
        memory.forget(vmId);
        forgetContainersOf(vmId);
    }

    /** The guest agent's own view of the VM's memory and containers ({@code stats}). */
    public JsonNode guestStats(VirtualMachine vm) {
        return agents.session(vm).agent().stats();
    }

    /**
     * The VM's open guest agent, for callers that talk to the guest directly (the worker API's
     * benchmark compares its own cost with this). Invocations made through it bypass the
     * one-at-a-time rule above.
     */
    public GuestAgent agent(String vmId) {
        return agents.session(requireVm(vmId)).agent();
    }

    /** A resize command: refused while a container may need the memory it would take. */
    public void resize(String vmId, long memoryMib) {
        memory.resize(vmId, memoryMib, inVm(vmId));
    }

    public Optional<Container> find(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    public List<Container> inVm(String vmId) {
        return containers.values().stream()
                .filter(c -> c.vmId().equals(vmId))
                .sorted(Comparator.comparing(Container::id))
                .toList();
    }

    private void forgetContainersOf(String vmId) {
        if (containers.values().removeIf(c -> c.vmId().equals(vmId))) {
            changed(vmId);
        }
    }

    private void agentEvent(String vmId, JsonNode event) {
        if ("container_exited".equals(event.path("event").asString(""))) {
            log.info(
                    "container {} in VM {}: runtime exited ({})",
                    event.path("containerId").asString(),
                    vmId,
                    event.path("reason").asString());
            changed(vmId);
        }
    }

    private VirtualMachine requireVm(String vmId) {
        return vms.find(vmId).orElseThrow(() -> new NoSuchVmException(vmId));
    }

    private void changed(String vmId) {
        events.publishEvent(new ContainersChanged(vmId));
    }

    /** {@code arn:aws:lambda:region:account:function:name[:qualifier]} -> name. */
    static String functionName(String arn) {
        var parts = arn.split(":");
        return parts.length >= 7 ? parts[6] : arn;
    }

    @Override
    public void close() {
        agents.close();
    }
}
