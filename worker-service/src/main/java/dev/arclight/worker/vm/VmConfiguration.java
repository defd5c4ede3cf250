package dev.arclight.worker.vm;

import dev.arclight.worker.capacity.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VmConfiguration {

    @Bean(destroyMethod = "close")
    LibvirtConnection libvirtConnection(LibvirtProperties properties) {
        return new LibvirtConnection(properties.libvirtUri());
    }

    /** The guest agent's ready event, unless a marker line on the console is configured. */
    @Bean
    @ConditionalOnMissingBean
    BootReadiness bootReadiness(LibvirtProperties properties) {
        return properties.bootMarker().isBlank()
                ? new AgentReadyEvent()
                : new ConsoleMarkerReadiness(properties.bootMarker());
    }

    @Bean(destroyMethod = "close")
    VirtualMachines virtualMachines(
            LibvirtConnection libvirt,
            WorkerProperties worker,
            LibvirtProperties properties,
            TcgProperties tcg,
            BootReadiness readiness,
            Clock clock,
            MeterRegistry meters) {
        return new VirtualMachines(
                libvirt, worker.id(), properties.vmDir(), readiness, properties.bootTimeout(), clock, meters, tcg);
    }

    @Bean(destroyMethod = "close")
    Snapshots snapshots(
            VirtualMachines vms,
            LibvirtProperties libvirt,
            SnapshotProperties properties,
            BootReadiness readiness,
            MeterRegistry meters) {
        return new Snapshots(vms, properties.snapshotDir(), libvirt.libvirtUri(), readiness, meters);
    }

    @Bean
    VmReconcileAtStart vmReconcileAtStart(VirtualMachines vms, LibvirtProperties properties) {
        return new VmReconcileAtStart(vms, properties);
    }
}
