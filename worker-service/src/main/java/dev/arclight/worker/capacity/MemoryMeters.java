package dev.arclight.worker.capacity;

import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * This host's memory as an operator graphs it, one gauge {@code arclight.worker.memory} (MiB) per
 * {@code kind}:
 *
 * <ul>
 *   <li>{@code host}: what the host has;
 *   <li>{@code configured}: what its VMs would hold fully grown (their maximum memory);
 *   <li>{@code committed}: what they are given now (their balloon targets), the figure pool-service
 *       places VMs by, so a shrink shows here as room;
 *   <li>{@code resident}: what their QEMU processes really hold on the host, from libvirt's memory
 *       statistics. Above {@code committed} when guests keep pages the balloon no longer counts (or
 *       QEMU's own overhead dominates), far below it for idle VMs whose free pages were reported.
 * </ul>
 *
 * The gauges are read at scrape time, so {@code resident} costs one libvirt call per VM per scrape;
 * a VM that disappears between the list and its call simply counts nothing.
 */
@Component
public class MemoryMeters {

    static final String NAME = "arclight.worker.memory";

    private final VirtualMachines vms;

    public MemoryMeters(VirtualMachines vms, HostResources host, MeterRegistry meters) {
        this.vms = vms;
        register(meters, "host", "memory of the host", host::memoryMib);
        register(
                meters, "configured", "memory the VMs would hold fully grown", () -> sum(VirtualMachine::maxMemoryMib));
        register(
                meters,
                "committed",
                "memory given to the VMs now (balloon targets)",
                () -> sum(VirtualMachine::memoryMib));
        register(meters, "resident", "memory the VMs' QEMU processes hold on the host", this::residentMib);
    }

    long residentMib() {
        long kib = 0;
        for (var vm : vms.list()) {
            try {
                kib += vms.memoryStats(vm.id()).rssKib().orElse(0);
            } catch (RuntimeException e) {
                // Destroyed since the list, or libvirt busy: the next scrape counts it again.
            }
        }
        return kib / 1024;
    }

    private long sum(ToLongFunction<VirtualMachine> memory) {
        return vms.list().stream().mapToLong(memory).sum();
    }

    private static void register(MeterRegistry meters, String kind, String description, LongSupplier value) {
        Gauge.builder(NAME, value::getAsLong)
                .description(description)
                .baseUnit("mebibytes")
                .tag("kind", kind)
                .register(meters);
    }
}
