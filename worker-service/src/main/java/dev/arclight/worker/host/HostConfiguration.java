package dev.arclight.worker.host;

import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HostConfiguration {

    @Bean
    HypervisorProbe hypervisorProbe(LibvirtProperties properties, VirtualMachines vms, MeterRegistry meters) {
        return new HypervisorProbe(properties, vms, meters, Path.of("/dev/kvm"));
    }

    @Bean("hypervisor")
    HypervisorHealthIndicator hypervisorHealthIndicator(HypervisorProbe probe, LibvirtProperties properties) {
        return new HypervisorHealthIndicator(probe, properties.libvirtUri());
    }
}
