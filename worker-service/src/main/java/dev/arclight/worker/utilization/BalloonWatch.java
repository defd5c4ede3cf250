package dev.arclight.worker.utilization;

import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmMemoryResized;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Reports (publishes one utilization sample of, through {@code report}) a VM's utilization as soon as its balloon reaches a new target, so that whoever resized
 * it (reclaim settles its decisions on the samples) learns of it in the balloon's own time, not at
 * the next periodic sample: those come every {@code utilization-interval} (5 s), while a guest
 * under TCG hands 300 MiB to the balloon in about a second.
 *
 * <p>After a resize the balloon's {@code actual} is read every {@code interval} (libvirt asks QEMU,
 * not the guest: cheap) until it is within {@value #TOLERANCE_MIB} MiB of the target, then one
 * sample is published. A balloon that has not got there within {@code limit} gets one sample
 * then, showing how far it got. A newer resize of the same VM replaces the watch of the older one.
 */
public class BalloonWatch {

    static final long TOLERANCE_MIB = 8;

    private static final Logger log = LoggerFactory.getLogger(BalloonWatch.class);

    private final VirtualMachines vms;
    private final Consumer<String> report;
    private final Duration interval;
    private final Duration limit;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    BalloonWatch(VirtualMachines vms, Consumer<String> report, Duration interval, Duration limit) {
        this.vms = vms;
        this.report = report;
        this.interval = interval;
        this.limit = limit;
    }

    @EventListener
    public void resized(VmMemoryResized resized) {
        long generation = sequence.incrementAndGet();
        generations.computeIfAbsent(resized.vmId(), id -> new AtomicLong()).set(generation);
        Thread.ofVirtual().name("balloon-watch-" + resized.vmId()).start(() -> watch(resized, generation));
    }

    private void watch(VmMemoryResized resized, long generation) {
        var id = resized.vmId();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (current(id, generation)) {
                long actualMib = vms.memoryStats(id).actualKib() / 1024;
                if (Math.abs(actualMib - resized.memoryMib()) <= TOLERANCE_MIB || System.nanoTime() > deadline) {
                    report.accept(id);
                    return;
                }
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The VM went away, or libvirt is busy: the periodic samples carry on.
            log.debug("stopped watching the balloon of VM {}: {}", id, e.getMessage());
        } finally {
            generations.computeIfPresent(id, (k, g) -> g.get() == generation ? null : g);
        }
    }

    private boolean current(String id, long generation) {
        var g = generations.get(id);
        return g != null && g.get() == generation;
    }
}
