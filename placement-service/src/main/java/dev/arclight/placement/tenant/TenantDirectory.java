package dev.arclight.placement.tenant;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenants placement knows. The gateway authenticates callers and names their tenant; placement
 * gives each tenant, on first sight, an account id that it keeps for good.
 */
@Service
public class TenantDirectory {

    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final TenantRepository tenants;

    TenantDirectory(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /**
     * The tenant of this name, created if new. Safe when several placement instances see a new
     * tenant at once: the insert is idempotent, so all of them end up with the same account id.
     */
    @Transactional
    public Tenant ensure(String name) {
        if (!TENANT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tenant names are 1-64 lower-case letters, digits and '-': " + name);
        }
        var existing = tenants.findById(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        tenants.insertIfAbsent(name, tenants.nextAccountId());
        return tenants.findById(name).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Tenant> find(String name) {
        return tenants.findById(name);
    }
}
