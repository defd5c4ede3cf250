package dev.arclight.gateway.invoke;

import dev.arclight.gateway.membership.PlacementMembership;
import dev.arclight.gateway.registry.FunctionRegistryView;
import dev.arclight.gateway.ring.ArcRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the invocation path's plain classes. */
@Configuration(proxyBeanMethods = false)
class InvokeConfiguration {

    /**
     * The calls to placement are observed only while traces are exported: an observation per call
     * would otherwise be paid for on every invocation for nothing.
     */
    @Bean
    PlacementClient placementClient(
            InvokeProperties properties,
            MeterRegistry meters,
            @Value("${management.tracing.export.enabled:false}") boolean tracing,
            ObjectProvider<ObservationRegistry> observations) {
        var registry = tracing ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
        return new PlacementClient(properties, meters, registry);
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
