package dev.arclight.gateway.membership;

import java.util.Comparator;
import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Placement instances as Spring Cloud's {@link DiscoveryClient} lists them under one service id.
 * With spring-cloud-starter-kubernetes-client on the classpath that is the endpoints of the
 * placement Service (a StatefulSet, so the pod names, used as member names, survive restarts).
 */
final class DiscoveredPlacementInstances implements PlacementInstanceSource {

    private final DiscoveryClient discovery;
    private final String serviceId;

    DiscoveredPlacementInstances(DiscoveryClient discovery, String serviceId) {
        this.discovery = discovery;
        this.serviceId = serviceId;
    }

    @Override
    public List<PlacementInstance> instances() {
        return discovery.getInstances(serviceId).stream()
                .map(DiscoveredPlacementInstances::toPlacementInstance)
                .sorted(Comparator.comparing(PlacementInstance::name))
                .toList();
    }

    private static PlacementInstance toPlacementInstance(ServiceInstance instance) {
        var name = instance.getInstanceId() != null && !instance.getInstanceId().isBlank()
                ? instance.getInstanceId()
                : instance.getHost() + ":" + instance.getPort();
        return new PlacementInstance(name, instance.getUri());
    }
}
