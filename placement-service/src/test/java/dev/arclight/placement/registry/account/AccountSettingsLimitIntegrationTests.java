package dev.arclight.placement.registry.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import dev.arclight.placement.concurrency.ConcurrencyLimiter.Permit;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GetAccountSettings reports the very limit the concurrency limiter enforces. */
class AccountSettingsLimitIntegrationTests extends ConcurrencyAndAsyncTestSupport {

    @Autowired
    AccountSettingsController settings;

    @Autowired
    ConcurrencyLimiter limiter;

    @Test
    void reportsTheAccountLimitTheLimiterEnforces() {
        var tenant = tenants.ensure(LIMITED_TENANT);
        registerFunction(LIMITED_TENANT, "counted", null);
        var reported = settings.getAccountSettings(new Caller(tenant.name(), tenant.accountId()))
                .accountLimit();
        long unreserved = reported.unreservedConcurrentExecutions();
        assertThat(reported.concurrentExecutions()).isEqualTo(4);

        List<Permit> held = new ArrayList<>();
        try {
            for (int i = 0; i < unreserved; i++) {
                held.add(limiter.acquire(LIMITED_TENANT, arnOf(LIMITED_TENANT, "counted"), null));
            }
            assertThatThrownBy(() -> limiter.acquire(LIMITED_TENANT, arnOf(LIMITED_TENANT, "counted"), null))
                    .isInstanceOf(TooManyRequestsException.class);
        } finally {
            held.forEach(Permit::close);
        }
    }

    @Test
    void reportsTheDefaultLimitForOtherTenants() {
        var tenant = tenants.ensure(unique("t"));
        assertThat(settings.getAccountSettings(new Caller(tenant.name(), tenant.accountId()))
                        .accountLimit()
                        .concurrentExecutions())
                .isEqualTo(1000);
    }
}
