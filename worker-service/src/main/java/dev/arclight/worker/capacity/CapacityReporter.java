package dev.arclight.worker.capacity;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.worker.vm.VirtualMachines;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes this worker's capacity so pool-service knows the worker exists and how much room it
 * has: the host's memory and CPUs, and what the VMs running now hold of them (each VM's current
 * balloon target and its vCPUs).
 */
@Component
public class CapacityReporter {

    private static final Logger log = LoggerFactory.getLogger(CapacityReporter.class);

    private final WorkerProperties worker;
    private final HostResources host;
    private final VirtualMachines vms;
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;

    public CapacityReporter(
            WorkerProperties worker,
            HostResources host,
            VirtualMachines vms,
            KafkaTemplate<String, Object> kafka,
            Clock clock) {
        this.worker = worker;
        this.host = host;
        this.vms = vms;
        this.kafka = kafka;
        this.clock = clock;
    }

    public WorkerCapacity currentCapacity() {
        var running = vms.list();
        long memory = running.stream().mapToLong(vm -> vm.memoryMib()).sum();
        int vcpus = running.stream().mapToInt(vm -> vm.vcpus()).sum();
        return new WorkerCapacity(
                worker.id(),
                worker.apiUrl(),
                host.memoryMib(),
                memory,
                host.vcpus(),
                vcpus,
                running.size(),
                clock.instant());
    }

    public void report() {
        var capacity = currentCapacity();
        kafka.send(Topics.WORKER_CAPACITY, capacity.workerId(), capacity).whenComplete((result, failure) -> {
            if (failure != null) {
                // The next report follows shortly; a missed one only delays what the pool knows.
                log.warn("could not publish the capacity of worker {}: {}", capacity.workerId(), failure.toString());
            }
        });
    }
}
