package dev.arclight.gateway.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementInstancesPropertiesTests {

    private static final URI PLACEMENT = URI.create("http://localhost:8081");

    @Test
    void defaultsToOneInstanceAtThePlacementUrl() {
        assertThat(new PlacementInstancesProperties(PLACEMENT, null).placementInstances())
                .containsExactly(new PlacementInstance("placement-1", PLACEMENT));
        assertThat(new PlacementInstancesProperties(PLACEMENT, List.of()).placementInstances())
                .containsExactly(new PlacementInstance("placement-1", PLACEMENT));
    }

    @Test
    void takesTheListedInstances() {
        var two = List.of(
                new PlacementInstance("p1", URI.create("http://p1:8081")),
                new PlacementInstance("p2", URI.create("http://p2:8081/")));
        assertThat(new PlacementInstancesProperties(PLACEMENT, two).placementInstances())
                .isEqualTo(two);
        assertThat(two.get(1).baseUrl()).isEqualTo("http://p2:8081");
    }

    @Test
    void rejectsADuplicateNameAndARelativeUrl() {
        var same = new PlacementInstance("p", URI.create("http://a"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlacementInstancesProperties(PLACEMENT, List.of(same, same)))
                .withMessageContaining("arclight.gateway.placement-instances");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlacementInstance("p", URI.create("/relative")))
                .withMessageContaining("absolute");
    }
}
