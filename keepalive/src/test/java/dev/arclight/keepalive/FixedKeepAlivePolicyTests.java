package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedKeepAlivePolicyTests {

    @Test
    void keepsEveryFunctionForTheSameWindowWhateverItsHistory() {
        var policy = FixedKeepAlivePolicy.minutes(10);
        policy.invoked("f");
        assertThat(policy.name()).isEqualTo("fixed-10");
        assertThat(policy.schedule("f")).isEqualTo(Schedule.keepAlive(Duration.ofMinutes(10)));
        assertThat(policy.schedule("never-seen").keepAlive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.preWarm("f")).isZero();
    }

    @Test
    void aZeroWindowIsNoKeepAlive() {
        var policy = FixedKeepAlivePolicy.minutes(0);
        assertThat(policy.name()).isEqualTo("no-keepalive");
        assertThat(policy.schedule("f")).isEqualTo(Schedule.NONE);
    }

    @Test
    void rejectsANegativeWindow() {
        assertThatThrownBy(() -> new FixedKeepAlivePolicy("x", Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
