package dev.arclight.placement.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
@WithRealInfrastructure(database = "placement")
class TenantDirectoryIntegrationTests {

    @Autowired
    TenantDirectory tenants;

    @Test
    void givesATenantOneTwelveDigitAccountIdForGood() {
        var first = tenants.ensure("acme");
        var again = tenants.ensure("acme");

        assertThat(first.accountId()).matches("[0-9]{12}").isEqualTo(again.accountId());
        assertThat(tenants.find("acme"))
                .hasValueSatisfying(t -> assertThat(t.accountId()).isEqualTo(first.accountId()));
    }

    @Test
    void givesDifferentTenantsDifferentAccountIds() {
        assertThat(tenants.ensure("tenant-one").accountId())
                .isNotEqualTo(tenants.ensure("tenant-two").accountId());
    }

    @Test
    void agreesOnOneAccountIdWhenANewTenantIsSeenConcurrently() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> tenants.ensure("racing").accountId());
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var ids = executor.invokeAll(calls).stream()
                    .map(TenantDirectoryIntegrationTests::get)
                    .distinct()
                    .toList();
            assertThat(ids).hasSize(1);
        }
    }

    @Test
    void rejectsATenantNameThatCouldNotAppearInAnArn() {
        assertThatIllegalArgumentException().isThrownBy(() -> tenants.ensure("Bad Name!"));
    }

    @Test
    void createsTheCompactedFunctionConfigurationTopic() {
        var kafka = new KafkaTestClient(RealInfrastructure.kafka());
        assertThat(kafka.topicConfig(Topics.FUNCTION_CONFIGURATIONS, "cleanup.policy"))
                .isEqualTo("compact");
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
