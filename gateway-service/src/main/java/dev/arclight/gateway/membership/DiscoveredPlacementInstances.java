package dev.arclight.gateway.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.kubernetes.commons.discovery.DefaultKubernetesServiceInstance;

/**
 * Placement instances as Spring Cloud's {@link DiscoveryClient} lists them under one service id.
 * With spring-cloud-starter-kubernetes-client on the classpath that is the endpoints of the
 * placement Service (a StatefulSet, so the pod names, used as member names, survive restarts).
 *
 * <p>The member name is the pod's name, which placement also calls itself (its
 * concurrency.instance-id is the pod's HOSTNAME in k8s/). Kubernetes discovery does not hand out
 * the pod name as the instance id (that is the pod's uid, new on every restart); with
 * {@code spring.cloud.kubernetes.discovery.metadata.add-pod-labels} the StatefulSet's label {@value
 * #POD_NAME_LABEL} carries it. Other clients' instances are named by their id, else host:port.
 */
final class DiscoveredPlacementInstances implements PlacementInstanceSource {

    /** Set by the StatefulSet controller on each of its pods. */
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

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

    static PlacementInstance toPlacementInstance(ServiceInstance instance) {
        return new PlacementInstance(memberName(instance), instance.getUri());
    }

    private static String memberName(ServiceInstance instance) {
        if (instance instanceof DefaultKubernetesServiceInstance pod && pod.podMetadata() != null) {
            var podName = pod.podMetadata().getOrDefault("labels", Map.of()).get(POD_NAME_LABEL);
            if (podName != null && !podName.isBlank()) {
                return podName;
            }
        }
        return instance.getInstanceId() != null && !instance.getInstanceId().isBlank()
                ? instance.getInstanceId()
                : instance.getHost() + ":" + instance.getPort();
    }
}
