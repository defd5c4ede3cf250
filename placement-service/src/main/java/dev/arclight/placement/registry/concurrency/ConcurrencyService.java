package dev.arclight.placement.registry.concurrency;

import dev.arclight.placement.concurrency.AccountLimits;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.ProvisionedConcurrencyConfigNotFoundException;
import dev.arclight.placement.registry.LambdaTimestamps;
import dev.arclight.placement.registry.RegistryProperties;
import dev.arclight.placement.registry.concurrency.ConcurrencyApi.ProvisionedConcurrencyConfigResponse;
import dev.arclight.placement.registry.function.FunctionLookup;
import dev.arclight.placement.registry.function.ProvisionedConcurrencyConfig;
import dev.arclight.placement.registry.function.ProvisionedConcurrencyConfigRepository;
import dev.arclight.placement.registry.function.RegisteredFunction;
import dev.arclight.placement.registry.function.RegistryChanges;
import dev.arclight.placement.registry.function.TenantUsage;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserved concurrency (a share of the account's limit set aside for one function) and provisioned
 * concurrency (instances kept initialized for a published version or alias). Placement records
 * what is asked for here; keeping instances warm is the business of the pool.
 */
@Service
class ConcurrencyService {

    private final FunctionLookup lookup;
    private final TenantUsage limits;
    private final ProvisionedConcurrencyConfigRepository provisioned;
    private final RegistryChanges changes;
    private final FunctionArns arns;
    private final RegistryProperties properties;
    private final AccountLimits accountLimits;
    private final Clock clock;

    ConcurrencyService(
            FunctionLookup lookup,
            TenantUsage limits,
            ProvisionedConcurrencyConfigRepository provisioned,
            RegistryChanges changes,
            FunctionArns arns,
            RegistryProperties properties,
            AccountLimits accountLimits,
            Clock clock) {
        this.lookup = lookup;
        this.limits = limits;
        this.provisioned = provisioned;
        this.changes = changes;
        this.arns = arns;
        this.properties = properties;
        this.accountLimits = accountLimits;
        this.clock = clock;
    }

    @Transactional
    public int putReserved(Caller caller, String functionName, Integer reserved) {
        if (reserved == null || reserved < 0) {
            throw new InvalidParameterValueException("ReservedConcurrentExecutions must be 0 or more");
        }
        // Serialize the tenant's reservations: two functions reserving at once must not both fit.
        limits.lockTenant(caller.tenant());
        var function = lookup.lock(caller, name(caller, functionName));
        var reservedByOthers = limits.reservedExcept(caller.tenant(), function.id());
        if (reservedByOthers + reserved
                > accountLimits.of(caller.tenant()) - properties.minimumUnreservedConcurrency()) {
            throw new InvalidParameterValueException("Specified ReservedConcurrentExecutions for function decreases"
                    + " account's UnreservedConcurrentExecution below its minimum value of ["
                    + properties.minimumUnreservedConcurrency() + "].");
        }
        function.reserveConcurrency(reserved);
        changes.changed(caller, function);
        return reserved;
    }

    @Transactional(readOnly = true)
    public Integer getReserved(Caller caller, String functionName) {
        return lookup.require(caller, name(caller, functionName)).reservedConcurrency();
    }

    @Transactional
    public void deleteReserved(Caller caller, String functionName) {
        var function = lookup.lock(caller, name(caller, functionName));
        function.reserveConcurrency(null);
        changes.changed(caller, function);
    }

    @Transactional
    public ProvisionedConcurrencyConfigResponse putProvisioned(
            Caller caller, String functionName, String qualifier, Integer requested) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.lock(caller, reference.name());
        requirePublishedQualifier(caller, function, reference);
        if (requested == null || requested < 1) {
            throw new InvalidParameterValueException("ProvisionedConcurrentExecutions must be 1 or more");
        }
        var reserved = function.reservedConcurrency();
        if (reserved != null) {
            int others = provisioned.findByFunctionIdOrderByQualifier(function.id()).stream()
                    .filter(config -> !config.qualifier().equals(reference.qualifier()))
                    .mapToInt(ProvisionedConcurrencyConfig::requested)
                    .sum();
            if (others + requested > reserved) {
                throw new InvalidParameterValueException("Requested Provisioned Concurrency should not be greater"
                        + " than the reservedConcurrentExecution for function");
            }
        }
        var now = clock.instant();
        var config = provisioned
                .findByFunctionIdAndQualifier(function.id(), reference.qualifier())
                .map(existing -> {
                    existing.request(requested, now);
                    return existing;
                })
                .orElseGet(() -> provisioned.save(
                        new ProvisionedConcurrencyConfig(function.id(), reference.qualifier(), requested, now)));
        changes.changed(caller, function);
        return render(config);
    }

    @Transactional(readOnly = true)
    public ProvisionedConcurrencyConfigResponse getProvisioned(Caller caller, String functionName, String qualifier) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.require(caller, reference.name());
        requireQualifier(reference);
        return provisioned
                .findByFunctionIdAndQualifier(function.id(), reference.qualifier())
                .map(ConcurrencyService::render)
                .orElseThrow(ConcurrencyService::noConfig);
    }

    @Transactional
    public void deleteProvisioned(Caller caller, String functionName, String qualifier) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.lock(caller, reference.name());
        requireQualifier(reference);
        var config = provisioned
                .findByFunctionIdAndQualifier(function.id(), reference.qualifier())
                .orElseThrow(ConcurrencyService::noConfig);
        provisioned.delete(config);
        changes.changed(caller, function);
    }

    private void requirePublishedQualifier(Caller caller, RegisteredFunction function, FunctionReference reference) {
        requireQualifier(reference);
        // Resolves an alias too, and fails with 404 for a version or alias that does not exist.
        var version = lookup.version(caller, function, reference.qualifier());
        if (version.version() == 0) {
            throw new InvalidParameterValueException(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
    }

    private static void requireQualifier(FunctionReference reference) {
        if (!reference.qualified()) {
            throw new InvalidParameterValueException("Qualifier is required: a published version or an alias");
        }
        if (reference.qualifier().equals(FunctionReference.LATEST)) {
            throw new InvalidParameterValueException(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
    }

    private String name(Caller caller, String functionName) {
        var reference = arns.parse(functionName, caller);
        if (reference.qualified()) {
            throw new InvalidParameterValueException(
                    "This operation takes an unqualified function name: " + functionName);
        }
        return reference.name();
    }

    private static ProvisionedConcurrencyConfigResponse render(ProvisionedConcurrencyConfig config) {
        // Placement accepts the request at once; the pool keeps that many instances ready.
        return new ProvisionedConcurrencyConfigResponse(
                config.requested(),
                config.requested(),
                config.requested(),
                "READY",
                null,
                LambdaTimestamps.format(config.lastModified()));
    }

    private static ProvisionedConcurrencyConfigNotFoundException noConfig() {
        return new ProvisionedConcurrencyConfigNotFoundException(
                "No Provisioned Concurrency Config found for this function");
    }
}
