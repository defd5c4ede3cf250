package dev.arclight.worker.api;

import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.worker.container.Container;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.guest.InvokeOutcome;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VmState;
import java.util.List;

/** The worker's own types as the API's records (contracts). */
final class WorkerViews {

    private WorkerViews() {}

    /**
     * On the answer of a container start: {@code pre-started} when the container took a runtime
     * process the VM had started ahead of it, {@code cold} when its interpreter started for it.
     */
    static final String RUNTIME_START_HEADER = "X-Arclight-Runtime-Start";

    static String runtimeStart(Container c) {
        return c.preStarted() ? "pre-started" : "cold";
    }

    /**
     * The W3C {@code Server-Timing} header on the answer of a container start: where its time went
     * ({@code grow}: growing a shrunk VM first; {@code agent}: the guest agent's start call as the
     * worker saw it, of which {@code in-agent} passed inside the agent (the rest is the channel and
     * the frames), and within that {@code queued} (its thread), {@code imports}, {@code code}
     * (decoding and writing the zip), {@code take} (the pre-started runtime), {@code unpack} and
     * {@code init} (the runtime loading the function up to its first {@code /next})), so that a
     * caller can break a first call down without the logs.
     */
    static final String SERVER_TIMING_HEADER = "Server-Timing";

    static String serverTiming(Containers.Started s) {
        return String.format(
                java.util.Locale.ROOT,
                "grow;dur=%.1f, agent;dur=%.1f, in-agent;dur=%.1f, queued;dur=%.1f, imports;dur=%.1f,"
                        + " code;dur=%.1f, take;dur=%.1f, unpack;dur=%.1f, init;dur=%.1f",
                s.growMs(),
                s.agentMs(),
                s.guest().inAgentMs(),
                s.guest().queuedMs(),
                s.guest().importsMs(),
                s.guest().codeMs(),
                s.guest().takeMs(),
                s.prepareMs(),
                s.initMs());
    }

    static VmView vm(String workerId, VirtualMachine vm, List<Container> containers, List<String> spares) {
        return new VmView(
                vm.id(),
                workerId,
                vm.tenant().orElse(null),
                vm.memoryMib(),
                vm.maxMemoryMib(),
                vm.vcpus(),
                vm.accel().name().toLowerCase(),
                state(vm.state()),
                vm.createdAt(),
                containers.stream().map(WorkerViews::container).toList(),
                spares,
                vm.startedBy().tag());
    }

    static ContainerView container(Container c) {
        return new ContainerView(
                c.id(),
                c.vmId(),
                c.functionArn(),
                c.functionVersion(),
                c.runtime(),
                c.memoryMib(),
                c.state().name().toLowerCase(),
                c.invocations(),
                c.lastInvocationAt().orElse(null));
    }

    static InvokeContainerResult outcome(InvokeOutcome outcome) {
        return switch (outcome) {
            case InvokeOutcome.Success s ->
                new InvokeContainerResult(
                        s.requestId(),
                        InvokeContainerResult.SUCCESS,
                        s.payload(),
                        null,
                        s.durationMs(),
                        s.logTail(),
                        s.initDurationMs());
            case InvokeOutcome.FunctionError e ->
                new InvokeContainerResult(
                        e.requestId(),
                        InvokeContainerResult.ERROR,
                        e.payload(),
                        e.errorType(),
                        e.durationMs(),
                        e.logTail(),
                        null);
        };
    }

    private static String state(VmState state) {
        return switch (state) {
            case VmState.Defining d -> "booting";
            case VmState.Booting b -> "booting";
            case VmState.Running r -> "running";
            case VmState.Stopping s -> "stopping";
            case VmState.Gone g -> "gone";
        };
    }
}
