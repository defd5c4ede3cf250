package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.HistoryRetention;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAlivePropertiesTests {

    private static KeepAliveProperties learnt(Duration forgetAfter, int maxFunctions) {
        return new KeepAliveProperties(
                "arclight",
                Duration.ofMinutes(1),
                Duration.ofHours(4),
                Duration.ofMinutes(1),
                forgetAfter,
                maxFunctions);
    }

    @Test
    void theLearntPoliciesRememberAsLongAndAsManyAsConfigured() {
        var planner = ContainerConfiguration.keepAlivePlanner(
                learnt(Duration.ofDays(2), 500), null, new SimpleMeterRegistry(), Clock.systemUTC());
        var expected = new HistoryRetention(Duration.ofDays(2), 500);
        assertThat(((ArclightKeepAlivePolicy) planner.containerPolicy())
                        .histories()
                        .retention())
                .isEqualTo(expected);
        assertThat(((ArclightKeepAlivePolicy) planner.vmPolicy()).histories().retention())
                .isEqualTo(expected);
    }

    @Test
    void rejectsAForgetAfterThatIsNotPositive() {
        assertThatThrownBy(() -> learnt(Duration.ZERO, 500)).hasMessageContaining("forget-after");
    }
}
