package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import dev.arclight.placement.registry.function.AliasRouting;
import dev.arclight.placement.registry.function.FunctionLookup;
import dev.arclight.placement.registry.function.FunctionVersion;
import dev.arclight.placement.registry.function.RegisteredFunction;
import dev.arclight.placement.tenant.TenantDirectory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the version a call runs: the function by name (or ARN), then its qualifier, {@code
 * $LATEST} when there is none. A weighted alias sends each call to its additional version with
 * the alias's weight, drawn per call, as Lambda does.
 *
 * <p>What a (function, qualifier) resolves to is kept in a {@link ResolvedCache}, dropped when the
 * function changes (this instance's commits at once, other instances' through the registry topic,
 * {@link RegistryChangeFollower}), so a warm call reads nothing from PostgreSQL. A miss is read in
 * one read-only transaction. The function and versions held are detached entities that nothing on
 * the invocation path writes.
 */
@Component
public class FunctionResolver {

    /**
     * What a qualifier names: a version, or an alias's routing with both its versions (the draw
     * between them is per call, so it is never cached).
     */
    record Target(
            RegisteredFunction function, FunctionVersion version, AliasRouting routing, FunctionVersion additional) {}

    private final TenantDirectory tenants;
    private final FunctionArns arns;
    private final FunctionLookup lookup;
    private final TransactionTemplate readOnly;
    private final ResolvedCache<Target> cache;
    private final DoubleSupplier random;

    @Autowired
    FunctionResolver(
            TenantDirectory tenants,
            FunctionArns arns,
            FunctionLookup lookup,
            PlatformTransactionManager transactions,
            ResolvedCache<Target> cache) {
        this(
                tenants,
                arns,
                lookup,
                transactions,
                cache,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    FunctionResolver(
            TenantDirectory tenants,
            FunctionArns arns,
            FunctionLookup lookup,
            PlatformTransactionManager transactions,
            ResolvedCache<Target> cache,
            DoubleSupplier random) {
        this.tenants = tenants;
        this.arns = arns;
        this.lookup = lookup;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.cache = cache;
        this.random = random;
    }

    /** A call's function and the version chosen to run it. */
    public record Resolved(Caller caller, RegisteredFunction function, FunctionVersion version, String functionArn) {}

    /**
     * The caller of a tenant taken off the asynchronous topic. The one policy for a tenant placement
     * does not know, on every path: it has no functions, so whatever it names is Lambda's 404
     * {@code ResourceNotFoundException} (a synchronous caller's tenant is created on first sight,
     * by {@code CallerArgumentResolver}, and then finds no function either).
     */
    public Caller callerOf(String tenant, String functionName) {
        return tenants.find(tenant)
                .map(t -> new Caller(t.name(), t.accountId()))
                .orElseThrow(() -> new ResourceNotFoundException("Function not found: " + functionName));
    }

    /** The version an invocation runs. */
    public Resolved resolve(Invocation invocation) {
        return resolve(invocation.caller(), invocation.function());
    }

    public Resolved resolve(Caller caller, FunctionReference reference) {
        var functionArn = arns.functionArn(caller.accountId(), reference.name());
        var qualifier = reference.qualifier() == null ? FunctionReference.LATEST : reference.qualifier();
        var target = cache.get(
                functionArn, qualifier, () -> readOnly.execute(tx -> load(caller, reference.name(), qualifier)));
        var version = target.routing() == null ? target.version() : chosen(target, random.getAsDouble());
        return new Resolved(caller, target.function(), version, functionArn);
    }

    /** The call's one lookup of its function, with its alias and versions: one transaction. */
    private ResolvedCache.Loaded<Target> load(Caller caller, String name, String qualifier) {
        var function = lookup.require(caller, name);
        Target target;
        if (qualifier.equals(FunctionReference.LATEST) || FunctionLookup.versionNumber(qualifier) >= 0) {
            target = new Target(function, lookup.version(caller, function, qualifier), null, null);
        } else {
            var routing = lookup.alias(caller, function, qualifier).routing();
            var additional = routing.additionalVersion() == null
                    ? null
                    : lookup.version(caller, function, routing.additionalVersion());
            target = new Target(
                    function, lookup.version(caller, function, routing.functionVersion()), routing, additional);
        }
        return new ResolvedCache.Loaded<>(target, function.revision());
    }

    private static FunctionVersion chosen(Target alias, double draw) {
        return pick(alias.routing(), draw).equals(alias.routing().functionVersion())
                ? alias.version()
                : alias.additional();
    }

    /** The version of an alias that a call drawing {@code draw} (uniform in [0, 1)) runs. */
    static String pick(AliasRouting routing, double draw) {
        if (routing.additionalVersion() != null && draw < routing.additionalVersionWeight()) {
            return routing.additionalVersion();
        }
        return routing.functionVersion();
    }
}
