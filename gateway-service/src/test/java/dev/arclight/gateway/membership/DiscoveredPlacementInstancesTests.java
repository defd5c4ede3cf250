package dev.arclight.gateway.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.kubernetes.commons.discovery.DefaultKubernetesServiceInstance;

/** Instances from Spring Cloud's discovery, here a client over a fixed map. */
class DiscoveredPlacementInstancesTests {

    @Test
    void namesInstancesByTheirIdsAndTakesOnlyTheServicesUris() {
        var source = new DiscoveredPlacementInstances(
                discovery(Map.of(
                        "placement",
                        List.of(
                                new DefaultServiceInstance("placement-1", "placement", "10.0.0.2", 8081, false),
                                new DefaultServiceInstance("placement-0", "placement", "10.0.0.1", 8081, false)),
                        "other",
                        List.of(new DefaultServiceInstance("x", "other", "10.0.0.9", 80, false)))),
                "placement");

        assertThat(source.instances())
                .containsExactly(
                        new PlacementInstance("placement-0", URI.create("http://10.0.0.1:8081")),
                        new PlacementInstance("placement-1", URI.create("http://10.0.0.2:8081")));
    }

    @Test
    void fallsBackToHostAndPortWithoutAnInstanceId() {
        var source = new DiscoveredPlacementInstances(
                discovery(Map.of(
                        "placement", List.of(new DefaultServiceInstance(null, "placement", "10.0.0.3", 8081, false)))),
                "placement");

        assertThat(source.instances()).extracting(PlacementInstance::name).containsExactly("10.0.0.3:8081");
    }

    @Test
    void namesKubernetesInstancesByTheirStatefulSetPodNameNotTheirUid() {
        var pod = new DefaultKubernetesServiceInstance(
                "6f1c0f8e-uid",
                "placement",
                "10.0.0.4",
                8081,
                Map.of(),
                false,
                "arclight",
                null,
                Map.of("labels", Map.of(DiscoveredPlacementInstances.POD_NAME_LABEL, "placement-2")));
        var source = new DiscoveredPlacementInstances(discovery(Map.of("placement", List.of(pod))), "placement");

        assertThat(source.instances())
                .containsExactly(new PlacementInstance("placement-2", URI.create("http://10.0.0.4:8081")));
    }

    @Test
    void keepsTheUidOfAKubernetesInstanceWithoutPodLabels() {
        var pod = new DefaultKubernetesServiceInstance(
                "6f1c0f8e-uid", "placement", "10.0.0.5", 8081, Map.of(), false, "arclight", null, Map.of());
        var source = new DiscoveredPlacementInstances(discovery(Map.of("placement", List.of(pod))), "placement");

        assertThat(source.instances()).extracting(PlacementInstance::name).containsExactly("6f1c0f8e-uid");
    }

    private static DiscoveryClient discovery(Map<String, List<ServiceInstance>> services) {
        return new DiscoveryClient() {
            @Override
            public String description() {
                return "fixed";
            }

            @Override
            public List<ServiceInstance> getInstances(String serviceId) {
                return services.getOrDefault(serviceId, List.of());
            }

            @Override
            public List<String> getServices() {
                return List.copyOf(services.keySet());
            }
        };
    }
}
