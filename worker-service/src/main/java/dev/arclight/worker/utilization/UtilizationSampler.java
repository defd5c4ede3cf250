package dev.arclight.worker.utilization;

import dev.arclight.contracts.utilization.ContainerState;
import dev.arclight.contracts.utilization.ContainerUtilization;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.worker.container.Container;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.guest.AgentException;
import dev.arclight.worker.guest.AgentUnavailableException;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Takes one {@link VmUtilization} sample of a VM: its memory from the balloon's statistics (the
 * agent's {@code /proc/meminfo} figures while the balloon driver has not reported yet), its
 * containers from this worker's registry with each one's memory from the agent's {@code stats}, and
 * CPU as the containers' cgroup CPU time since the previous sample of the same VM.
 */
class UtilizationSampler {

    private static final Logger log = LoggerFactory.getLogger(UtilizationSampler.class);
    private static final long MIB = 1024 * 1024;

    private final String workerId;
    private final VirtualMachines vms;
    private final Containers containers;
    private final Clock clock;
    private final Map<String, CpuReading> lastCpu = new ConcurrentHashMap<>();

    private record CpuReading(long usageUsec, long atNanos) {}

    UtilizationSampler(String workerId, VirtualMachines vms, Containers containers, Clock clock) {
        this.workerId = workerId;
        this.vms = vms;
        this.containers = containers;
        this.clock = clock;
    }

    Optional<VmUtilization> sample(VirtualMachine vm) {
        var memory = vms.memoryStats(vm.id());
        var guest = guestStats(vm);
        var perContainer = new HashMap<String, JsonNode>();
        guest.ifPresent(g -> g.path("containers")
                .forEach(c -> perContainer.put(c.path("containerId").asString(), c)));

        long allocated = vm.maxMemoryMib();
        long balloon = Math.min(allocated, memory.actualKib() / 1024);
        long total = memory.availableKib().isPresent()
                ? memory.availableKib().getAsLong() / 1024
                : guest.map(g -> g.path("memTotalBytes").asLong() / MIB).orElse(balloon);
        long available = memory.usableKib().isPresent()
                ? memory.usableKib().getAsLong() / 1024
                : guest.map(g -> g.path("memAvailableBytes").asLong() / MIB).orElse(0L);

        var mine = containers.inVm(vm.id());
        var views = mine.stream()
                .map(c -> new ContainerUtilization(
                        c.id(),
                        c.functionArn(),
                        state(c.state()),
                        c.memoryMib(),
                        perContainer
                                        .getOrDefault(c.id(), JsonNodeMissing.INSTANCE)
                                        .path("memoryCurrentBytes")
                                        .asLong(0)
                                / MIB))
                .toList();
        Instant last = mine.stream()
                .map(Container::lastInvocationAt)
                .flatMap(Optional::stream)
                .max(Instant::compareTo)
                .orElse(null);
        long cpuUsec = perContainer.values().stream()
                .mapToLong(c -> c.path("cpuUsageUsec").asLong(0))
                .sum();
        return Optional.of(new VmUtilization(
                vm.id(),
                workerId,
                vm.tenant().orElse(null),
                allocated,
                balloon,
                Math.max(0, total - available),
                available,
                views,
                last,
                cpuPercent(vm.id(), cpuUsec),
                clock.instant()));
    }

    void forget(String vmId) {
        lastCpu.remove(vmId);
    }

    private Optional<JsonNode> guestStats(VirtualMachine vm) {
        try {
            return Optional.of(containers.guestStats(vm));
        } catch (AgentUnavailableException | AgentException e) {
            // The balloon figures still describe the VM; only the per-container detail is missing.
            log.debug("no agent stats for VM {}: {}", vm.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Percent of one CPU the VM's containers used since the last sample (100 per busy vCPU). */
    private double cpuPercent(String vmId, long usageUsec) {
        var now = new CpuReading(usageUsec, System.nanoTime());
        var previous = lastCpu.put(vmId, now);
        if (previous == null || now.atNanos() <= previous.atNanos() || usageUsec < previous.usageUsec()) {
            return 0;
        }
        double elapsedUsec = (now.atNanos() - previous.atNanos()) / 1000.0;
        return 100.0 * (usageUsec - previous.usageUsec()) / elapsedUsec;
    }

    private static ContainerState state(Container.State state) {
        return switch (state) {
            case STARTING -> ContainerState.STARTING;
            case IDLE -> ContainerState.IDLE;
            case BUSY -> ContainerState.BUSY;
            case STOPPED -> ContainerState.STOPPING;
        };
    }

    /** Stands in for a container the agent did not list (it reads as zero everywhere). */
    private static final class JsonNodeMissing {
        static final JsonNode INSTANCE = tools.jackson.databind.node.MissingNode.getInstance();
    }
}
