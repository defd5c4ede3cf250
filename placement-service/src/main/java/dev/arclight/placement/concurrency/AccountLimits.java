package dev.arclight.placement.concurrency;

import org.springframework.stereotype.Component;

/**
 * The account concurrency limit of each tenant: the one number the limiter enforces and
 * GetAccountSettings reports, so the two can never disagree.
 */
@Component
public class AccountLimits {

    private final ConcurrencyProperties properties;

    AccountLimits(ConcurrencyProperties properties) {
        this.properties = properties;
    }

    public int of(String tenant) {
        return properties.accountLimit(tenant);
    }
}
