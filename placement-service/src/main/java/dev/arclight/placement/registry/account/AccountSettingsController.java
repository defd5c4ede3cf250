package dev.arclight.placement.registry.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arclight.placement.concurrency.AccountLimits;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.registry.RegistryProperties;
import dev.arclight.placement.registry.function.TenantUsage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** GetAccountSettings: the account's limits and what the tenant uses of them. */
@RestController
class AccountSettingsController {

    private final RegistryProperties properties;
    private final TenantUsage usage;
    private final AccountLimits accountLimits;

    AccountSettingsController(RegistryProperties properties, TenantUsage usage, AccountLimits accountLimits) {
        this.properties = properties;
        this.usage = usage;
        this.accountLimits = accountLimits;
    }

    @JsonNaming(UpperCamelCaseStrategy.class)
    record AccountSettings(AccountLimit accountLimit, AccountUsage accountUsage) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountLimit(
            long totalCodeSize,
            long codeSizeUnzipped,
            long codeSizeZipped,
            int concurrentExecutions,
            long unreservedConcurrentExecutions) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    record AccountUsage(long totalCodeSize, long functionCount) {}

    /** Lambda's default storage quota for all of an account's code. */
    private static final long TOTAL_CODE_SIZE = 80L * 1024 * 1024 * 1024;

    @GetMapping("/2016-08-19/account-settings")
    public AccountSettings getAccountSettings(Caller caller) {
        // The limit the concurrency limiter enforces for this tenant, not a copy of it.
        int limit = accountLimits.of(caller.tenant());
        return new AccountSettings(
                new AccountLimit(
                        TOTAL_CODE_SIZE,
                        properties.codeSizeUnzipped().toBytes(),
                        properties.codeSizeZipped().toBytes(),
                        limit,
                        limit - usage.reserved(caller.tenant())),
                new AccountUsage(usage.totalCodeSize(caller.tenant()), usage.functionCount(caller.tenant())));
    }
}
