package dev.arclight.placement.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.TimeoutBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

class WorkerPropertiesTests {

    private static final TimeoutBudget BUDGET = TimeoutBudget.DEFAULT;

    @Test
    void unsetLimitsArePlacementsShareOfTheTimeBudget() {
        var properties = new WorkerProperties(null, Duration.ofSeconds(2), null, null, Duration.ofSeconds(10), null);

        assertThat(properties.bootTimeout()).isEqualTo(BUDGET.placementBoot());
        assertThat(properties.startTimeout()).isEqualTo(BUDGET.placementStart());
        var functionTimeout = Duration.ofSeconds(900);
        assertThat(functionTimeout.plus(properties.invokeTimeoutMargin()))
                .isEqualTo(BUDGET.placementInvoke(functionTimeout));
    }

    @Test
    void theShippedConfigurationLeavesTheBudgetedLimitsToTheirDefaults() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        var shipped = yaml.getObject();
        assertThat(shipped)
                .doesNotContainKeys(
                        "arclight.placement.boot-timeout",
                        "arclight.placement.start-timeout",
                        "arclight.placement.invoke-timeout-margin");
    }
}
