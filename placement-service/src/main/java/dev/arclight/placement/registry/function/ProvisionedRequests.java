package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.tenant.TenantDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every provisioned concurrency config of the registry, for whoever keeps the containers they ask
 * for (placement's {@code container} feature), so that nobody outside the registry reads its tables.
 */
@Component
public class ProvisionedRequests {

    /**
     * One config: {@code requested} initialized executions of a function's version or alias.
     *
     * @param caller the function's tenant and account
     * @param functionName the function's name
     * @param qualifier a version number or an alias name
     * @param requested how many executions it asks for
     */
    public record ProvisionedRequest(Caller caller, String functionName, String qualifier, int requested) {}

    /** A config as its table holds it, before the tenant's account is looked up. */
    record Row(String tenant, String functionName, String qualifier, int requested) {}

    private final ProvisionedConcurrencyConfigRepository configs;
    private final TenantDirectory tenants;

    ProvisionedRequests(ProvisionedConcurrencyConfigRepository configs, TenantDirectory tenants) {
        this.configs = configs;
        this.tenants = tenants;
    }

    /** All configs, by tenant, function and qualifier. */
    @Transactional(readOnly = true)
    public List<ProvisionedRequest> all() {
        var callers = new HashMap<String, Optional<Caller>>();
        return configs.findAllRows().stream()
                .flatMap(row -> callers
                        .computeIfAbsent(
                                row.tenant(), name -> tenants.find(name).map(t -> new Caller(t.name(), t.accountId())))
                        .map(caller ->
                                new ProvisionedRequest(caller, row.functionName(), row.qualifier(), row.requested()))
                        .stream())
                .toList();
    }
}
