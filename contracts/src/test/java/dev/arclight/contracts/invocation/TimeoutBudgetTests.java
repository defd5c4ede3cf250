package dev.arclight.contracts.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeoutBudgetTests {

    private static final TimeoutBudget BUDGET = TimeoutBudget.DEFAULT;

    @Test
    void everyOuterLimitCoversTheInnerOnesForEveryFunctionTimeoutLambdaAllows() {
        IntStream.rangeClosed(1, 900).mapToObj(Duration::ofSeconds).forEach(t -> {
            // The worker outwaits the agent running the function after a re-init, and its kill.
            assertThat(BUDGET.workerInvoke(t))
                    .isGreaterThan(BUDGET.guestInvoke(t).plus(BUDGET.runtimeInit()));
            assertThat(BUDGET.placementInvoke(t)).isGreaterThan(BUDGET.workerInvoke(t));
            assertThat(BUDGET.placementCall(t))
                    .isGreaterThanOrEqualTo(
                            BUDGET.placementBoot().plus(BUDGET.placementStart()).plus(BUDGET.placementInvoke(t)));
            assertThat(BUDGET.gatewayCall(t)).isGreaterThan(BUDGET.placementCall(t));
            assertThat(BUDGET.gatewayCall(t)).isEqualTo(t.plus(BUDGET.gatewayMargin()));
        });
    }

    @Test
    void startAndBootLimitsCoverTheirInnerLimits() {
        assertThat(BUDGET.workerStart()).isGreaterThan(BUDGET.runtimeInit().plus(BUDGET.codeLoad()));
        assertThat(BUDGET.placementStart()).isGreaterThan(BUDGET.workerStart());
        assertThat(BUDGET.placementBoot()).isGreaterThan(BUDGET.vmBoot().plus(BUDGET.vmSetup()));
    }

    @Test
    void theDefaultNumbersAreTheOnesTheDocsState() {
        assertThat(BUDGET.workerInvoke(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(73));
        assertThat(BUDGET.workerStart()).isEqualTo(Duration.ofSeconds(90));
        assertThat(BUDGET.placementBoot()).isEqualTo(Duration.ofSeconds(85));
        assertThat(BUDGET.placementStart()).isEqualTo(Duration.ofSeconds(95));
        assertThat(BUDGET.placementInvoke(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(78));
        assertThat(BUDGET.gatewayMargin()).isEqualTo(Duration.ofSeconds(260));
    }

    @Test
    void refusesAPartThatIsNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TimeoutBudget(
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
    }
}
