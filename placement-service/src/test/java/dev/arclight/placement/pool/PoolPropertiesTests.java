package dev.arclight.placement.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.invocation.TimeoutBudget;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolPropertiesTests {

    static final URI POOL = URI.create("http://localhost:8082");

    @Test
    void theShippedClaimTimeoutFitsInTheHopTheGatewayAllowsAboveACallsWorstCase() {
        var shipped = new PoolProperties(true, POOL, Duration.ofSeconds(2));

        assertThat(shipped.claimTimeout()).isLessThan(TimeoutBudget.DEFAULT.hop());
    }

    @Test
    void aClaimTimeoutThatWouldEatTheWholeHopIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new PoolProperties(true, POOL, TimeoutBudget.DEFAULT.hop()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arclight.placement.pool.claim-timeout");
        assertThatThrownBy(() -> new PoolProperties(true, POOL, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
