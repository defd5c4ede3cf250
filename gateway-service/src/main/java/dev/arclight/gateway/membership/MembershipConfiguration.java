package dev.arclight.gateway.membership;

import dev.arclight.gateway.ring.ArcRouter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where placement instances come from, and the checks that keep the ring to the healthy ones. */
@Configuration(proxyBeanMethods = false)
class MembershipConfiguration {

    @Bean
    PlacementInstanceSource placementInstanceSource(
            MembershipProperties membership,
            PlacementInstancesProperties configured,
            ObjectProvider<DiscoveryClient> discovery) {
        if (membership.discoveryServiceId() != null) {
            var client = discovery.getIfAvailable();
            if (client == null) {
                throw new IllegalStateException("arclight.gateway.membership.discovery-service-id is set to "
                        + membership.discoveryServiceId() + " but no DiscoveryClient is configured");
            }
            return new DiscoveredPlacementInstances(client, membership.discoveryServiceId());
        }
        var instances = configured.placementInstances();
        return () -> instances;
    }

    @Bean
    PlacementMembership placementMembership(MembershipProperties membership) {
        return new PlacementMembership(membership.failureThreshold());
    }

    @Bean
    HealthChecker placementHealthChecker(
            PlacementInstanceSource source,
            PlacementMembership membership,
            ArcRouter router,
            MembershipProperties properties) {
        return new HealthChecker(source, membership, router, properties);
    }
}
