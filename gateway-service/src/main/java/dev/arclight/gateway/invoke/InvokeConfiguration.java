package dev.arclight.gateway.invoke;

import dev.arclight.gateway.membership.PlacementMembership;
import dev.arclight.gateway.registry.FunctionRegistryView;
import dev.arclight.gateway.ring.ArcRouter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the invocation path's plain classes. */
@Configuration(proxyBeanMethods = false)
class InvokeConfiguration {

    @Bean
    PlacementClient placementClient(InvokeProperties properties, MeterRegistry meters) {
        return new PlacementClient(properties, meters);
    }

    @Bean
    InvocationDispatcher invocationDispatcher(
            ArcRouter router,
            PlacementMembership membership,
            FunctionRegistryView registry,
            PlacementClient client,
            MeterRegistry meters,
            InvokeProperties properties) {
        return new InvocationDispatcher(
                router, membership, registry, client, new InvocationMetrics(meters), properties);
    }
}
