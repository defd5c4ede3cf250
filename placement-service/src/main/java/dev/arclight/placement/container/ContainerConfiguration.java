package dev.arclight.placement.container;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.FixedKeepAlivePolicy;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.placement.concurrency.LiveInstances;
import dev.arclight.placement.concurrency.RingMembers;
import dev.arclight.placement.pool.PoolClaims;
import dev.arclight.placement.pool.PoolProperties;
import dev.arclight.placement.registry.function.FunctionCodeStore;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.Workers;
import dev.arclight.ring.ArcRule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Objects;
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
            WorkerProperties workerProperties,
            PoolProperties poolProperties,
            ContainerPool pool,
            MeterRegistry registry,
            Clock clock) {
        // Unbooked: a boot holds its row, not yet its place in the books, for up to its timeout.
        // Unowned: a claimed VM is the tenant's before its row exists, for up to the claim's life; a
        // late one's destroy takes a call more.
        var unbooked = new OrphanSuspects(clock, workerProperties.bootTimeout().plus(workerProperties.callTimeout()));
        var unowned = new OrphanSuspects(clock, poolProperties.claimLifetime().plus(workerProperties.callTimeout()));
        return new OrphanVms(
                owners,
                workers,
                instances::names,
                () -> pool.vms().stream()
                        .map(BooksView.VmInfo::vmId)
                        .filter(Objects::nonNull)
                        .toList(),
                unbooked,
                unowned,
                properties.expiryInterval(),
                workerProperties.callTimeout(),
                registry);
    }

    @Bean
    ContainerPool containerPool(
            Workers workers,
            WorkerProperties workerProperties,
            FunctionCodeStore code,
            ContainerProperties properties,
            KeepAliveProperties keepAlive,
            VmOwners owners,
            PoolClaims poolClaims,
            PoolProperties poolProperties,
            MeterRegistry registry,
            Clock clock) {
        var launcher =
                new WorkerContainerLauncher(workers, workerProperties, code, properties.vmVcpus(), owners, poolClaims);
        return new ContainerPool(
                launcher,
                clock,
                keepAlivePlanner(keepAlive, properties, registry, clock),
                properties.vmMemoryMib(),
                workerProperties.bootTimeout().plus(workerProperties.callTimeout()),
                poolProperties.enabled());
    }

    /** The learnt policy, one for function versions and one for tenants, or the fixed windows. */
    static KeepAlivePlanner keepAlivePlanner(
            KeepAliveProperties keepAlive, ContainerProperties properties, MeterRegistry registry, Clock clock) {
        KeepAlivePlanner.Windows windows =
                (kind, policy, window) -> Timer.builder("arclight.placement.keepalive.window")
                        .description("The keep-alive window that expired an idle container or an empty tenant VM")
                        .tag("kind", kind)
                        .tag("policy", policy)
                        .register(registry)
                        .record(window);
        if (!keepAlive.learnt()) {
            return new KeepAlivePlanner(
                    new FixedKeepAlivePolicy("fixed", properties.keepAlive()),
                    new FixedKeepAlivePolicy("fixed", properties.vmKeepAlive()),
                    null,
                    windows);
        }
        var bounds = new KeepAliveBounds(keepAlive.minWindow(), keepAlive.maxWindow());
        var retention = keepAlive.retention();
        return new KeepAlivePlanner(
                new ArclightKeepAlivePolicy(clock, bounds, retention),
                new ArclightKeepAlivePolicy(clock, bounds, retention),
                bounds,
                windows);
    }

    @Bean
    KeepAliveStates keepAliveStates(
            ContainerPool pool, DataSource dataSource, LiveInstances instances, KeepAliveProperties keepAlive) {
        return new KeepAliveStates(pool, dataSource, instances.self(), keepAlive.stateInterval());
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
