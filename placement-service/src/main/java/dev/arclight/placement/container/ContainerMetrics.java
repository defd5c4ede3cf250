package dev.arclight.placement.container;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Gauges of the pool: {@code arclight.placement.containers} by {@code state} and {@code
 * arclight.placement.vms} by {@code state}.
 */
@Component
class ContainerMetrics implements SmartInitializingSingleton {

    private final ContainerPool pool;
    private final MeterRegistry registry;

    ContainerMetrics(ContainerPool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (var state : ContainerState.NAMES) {
            Gauge.builder(
                            "arclight.placement.containers",
                            pool,
                            p -> p.countByState().get(state))
                    .description("Containers this placement instance holds")
                    .tag("state", state)
                    .register(registry);
        }
        for (var state : VmState.NAMES) {
            Gauge.builder(
                            "arclight.placement.vms",
                            pool,
                            p -> p.vms().stream()
                                    .filter(vm -> vm.state().name().equals(state))
                                    .count())
                    .description("Tenant VMs this placement instance booted")
                    .tag("state", state)
                    .register(registry);
        }
    }
}
