package dev.arclight.contracts.tenant;

/**
 * The header by which gateway-service tells the services behind it which tenant a request acts for.
 *
 * <p>Only the gateway authenticates callers. It removes any value a client sent and sets its own,
 * so a service behind it may trust the header; nothing outside the platform can reach those
 * services directly.
 */
public final class TenantHeader {

    /** The tenant's name, e.g. {@code local}; the service maps it to the tenant's account id. */
    public static final String NAME = "X-Arclight-Tenant";

    private TenantHeader() {}
}
