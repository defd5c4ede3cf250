package dev.arclight.worker.container;

import dev.arclight.worker.host.HypervisorProbe;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.Snapshots;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

    @Bean(destroyMethod = "close")
    Containers containers(
            VirtualMachines vms,
            JsonMapper json,
            ApplicationEventPublisher events,
            Clock clock,
            ContainerProperties properties,
            MemoryProperties memory) {
        return new Containers(
                vms,
                json,
                events,
                clock,
                properties.containerPidsMax(),
                new GrowBeforeUse(vms, memory.floorMib(), memory.settle()));
    }

    @Bean
    WorkerVms workerVms(
            VirtualMachines vms,
            Containers containers,
            HypervisorProbe hypervisor,
            LibvirtProperties properties,
            Snapshots snapshots,
            MeterRegistry meters) {
        return new WorkerVms(vms, containers, hypervisor, properties, snapshots, meters);
    }
}
