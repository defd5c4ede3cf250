package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.TimeoutBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

/** The worker's shipped limits fit inside what placement waits for, and cover what the guest takes. */
class ShippedTimeoutsTests {

    private static final TimeoutBudget BUDGET = TimeoutBudget.DEFAULT;

    @Test
    void aBootGivesUpWithinTheBudgetedBoot() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        var bootTimeout = DurationStyle.detectAndParse(yaml.getObject().getProperty("arclight.worker.boot-timeout"));
        assertThat(bootTimeout).isLessThanOrEqualTo(BUDGET.vmBoot());
    }

    @Test
    void theAgentsOwnInitLimitIsTheBudgetedOne() throws Exception {
        // The worker sends the limit with every start and invoke; the agent's default is for callers
        // that do not, and must not exceed it either.
        var agent = Files.readString(Path.of("..", "guest", "agent", "main.py"));
        var matcher = Pattern.compile("DEFAULT_INIT_TIMEOUT_MS = (\\d+)").matcher(agent);
        assertThat(matcher.find()).isTrue();
        assertThat(Long.parseLong(matcher.group(1)))
                .isEqualTo(BUDGET.runtimeInit().toMillis());
    }
}
