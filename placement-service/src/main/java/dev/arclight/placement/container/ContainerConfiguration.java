package dev.arclight.placement.container;

import dev.arclight.placement.concurrency.RingMembers;
import dev.arclight.placement.registry.function.FunctionCodeStore;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.Workers;
import dev.arclight.ring.ArcRule;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

    @Bean
    ContainerPool containerPool(
            Workers workers,
            WorkerProperties workerProperties,
            FunctionCodeStore code,
            ContainerProperties properties,
            Clock clock) {
        var launcher = new WorkerContainerLauncher(workers, workerProperties, code, properties.vmVcpus());
        return new ContainerPool(
                launcher,
                clock,
                properties.keepAlive(),
                properties.vmKeepAlive(),
                properties.vmMemoryMib(),
                workerProperties.bootTimeout().plus(workerProperties.callTimeout()));
    }

    @Bean
    ContainerMaintenance containerMaintenance(
            ContainerPool pool,
            ProvisionedDemand demand,
            RingMembers instances,
            RingProperties ring,
            ContainerProperties properties) {
        var share = new ProvisionedShare(new ArcRule(ring.callsPerInstance()), ring.virtualNodes(), instances.self());
        return new ContainerMaintenance(pool, demand::current, share, instances::names, properties);
    }
}
