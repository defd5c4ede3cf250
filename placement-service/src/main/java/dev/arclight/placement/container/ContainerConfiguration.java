package dev.arclight.placement.container;

import dev.arclight.placement.concurrency.LiveInstances;
import dev.arclight.placement.concurrency.RingMembers;
import dev.arclight.placement.pool.PoolClaims;
import dev.arclight.placement.pool.PoolProperties;
import dev.arclight.placement.registry.function.FunctionCodeStore;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.Workers;
import dev.arclight.ring.ArcRule;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

    /** Owner rows and liveness both by the heartbeat id, whatever ring membership a test sets. */
    @Bean
    VmOwners vmOwners(DataSource dataSource, LiveInstances instances) {
        return new VmOwners(dataSource, instances.self());
    }

    @Bean
    OrphanVms orphanVms(
            VmOwners owners,
            Workers workers,
            LiveInstances instances,
            ContainerProperties properties,
            WorkerProperties workerProperties) {
        return new OrphanVms(
                owners, workers, instances::names, properties.expiryInterval(), workerProperties.callTimeout());
    }

    @Bean
    ContainerPool containerPool(
            Workers workers,
            WorkerProperties workerProperties,
            FunctionCodeStore code,
            ContainerProperties properties,
            VmOwners owners,
            PoolClaims poolClaims,
            PoolProperties poolProperties,
            Clock clock) {
        var launcher =
                new WorkerContainerLauncher(workers, workerProperties, code, properties.vmVcpus(), owners, poolClaims);
        return new ContainerPool(
                launcher,
                clock,
                properties.keepAlive(),
                properties.vmKeepAlive(),
                properties.vmMemoryMib(),
                workerProperties.bootTimeout().plus(workerProperties.callTimeout()),
                poolProperties.enabled());
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
