package dev.arclight.worker.utilization;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.worker.container.ContainersChanged;
import dev.arclight.worker.vm.VirtualMachine;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmState;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes one {@code VmUtilization} per running VM on {@link Topics#VM_UTILIZATION}, keyed by VM
 * id: all of them at a fixed interval, and one VM soon after any of its containers changed state.
 * Changes are coalesced per VM and spaced at least {@link #CHANGE_SPACING} apart (a burst of
 * invocations yields a sample a second, not one per state change: each sample asks the guest agent
 * for its {@code stats}, which costs the guest CPU time its invocations need), and sampled off the
 * caller's thread, so the invocation path never waits for Kafka or the agent.
 */
public class UtilizationReporter {

    private static final Logger log = LoggerFactory.getLogger(UtilizationReporter.class);

    private final VirtualMachines vms;
    private final UtilizationSampler sampler;
    private final KafkaTemplate<String, Object> kafka;
    static final Duration CHANGE_SPACING = Duration.ofSeconds(1);

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastChangeSampleNanos = new ConcurrentHashMap<>();

    UtilizationReporter(VirtualMachines vms, UtilizationSampler sampler, KafkaTemplate<String, Object> kafka) {
        this.vms = vms;
        this.sampler = sampler;
        this.kafka = kafka;
    }

    public void reportAll() {
        vms.list().forEach(this::report);
    }

    @EventListener
    public void containersChanged(ContainersChanged changed) {
        if (pending.add(changed.vmId())) {
            Thread.ofVirtual().name("utilization-" + changed.vmId()).start(() -> {
                var last = lastChangeSampleNanos.get(changed.vmId());
                if (last != null) {
                    pause(last + CHANGE_SPACING.toNanos() - System.nanoTime());
                }
                pending.remove(changed.vmId());
                lastChangeSampleNanos.put(changed.vmId(), System.nanoTime());
                vms.find(changed.vmId()).ifPresentOrElse(this::report, () -> {
                    sampler.forget(changed.vmId());
                    lastChangeSampleNanos.remove(changed.vmId());
                });
            });
        }
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                Thread.sleep(Duration.ofNanos(nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Publishes one sample of the VM now, if it is still running here. */
    void report(String vmId) {
        vms.find(vmId).ifPresent(this::report);
    }

    private void report(VirtualMachine vm) {
        if (!(vm.state() instanceof VmState.Running)) {
            return;
        }
        try {
            sampler.sample(vm)
                    .ifPresent(sample -> kafka.send(Topics.VM_UTILIZATION, sample.vmId(), sample)
                            .whenComplete((result, failure) -> {
                                if (failure != null) {
                                    log.warn(
                                            "could not publish the utilization of VM {}: {}",
                                            vm.id(),
                                            failure.toString());
                                }
                            }));
        } catch (RuntimeException e) {
            // A VM destroyed while it was being sampled, or libvirt busy: the next round tries again.
            log.debug("no utilization sample of VM {}: {}", vm.id(), e.getMessage());
        }
    }
}
