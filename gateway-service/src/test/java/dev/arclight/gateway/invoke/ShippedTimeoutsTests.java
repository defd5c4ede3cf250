package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.TimeoutBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

/** The gateway's shipped limits cover everything placement, the worker and the guest may take. */
class ShippedTimeoutsTests {

    private static final TimeoutBudget BUDGET = TimeoutBudget.DEFAULT;

    @Test
    void theMarginCoversTheBudgetAboveTheFunctionsOwnTimeout() {
        assertThat(shipped("arclight.gateway.invoke.timeout-margin")).isGreaterThanOrEqualTo(BUDGET.gatewayMargin());
    }

    @Test
    void aFunctionTheViewDoesNotKnowYetGetsTheBudgetOfLambdasDefaultTimeout() {
        assertThat(shipped("arclight.gateway.invoke.default-timeout"))
                .isGreaterThanOrEqualTo(BUDGET.gatewayCall(Duration.ofSeconds(3)));
    }

    private static Duration shipped(String key) {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        var value = yaml.getObject().getProperty(key);
        assertThat(value).as(key).isNotNull();
        return DurationStyle.detectAndParse(value);
    }
}
