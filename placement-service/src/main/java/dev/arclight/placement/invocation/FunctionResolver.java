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
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the version a call runs: the function by name (or ARN), then its qualifier, {@code
 * $LATEST} when there is none. A weighted alias sends each call to its additional version with
 * the alias's weight, drawn per call, as Lambda does.
 */
@Component
public class FunctionResolver {

    private final TenantDirectory tenants;
    private final FunctionArns arns;
    private final FunctionLookup lookup;
    private final DoubleSupplier random;

    @Autowired
    FunctionResolver(TenantDirectory tenants, FunctionArns arns, FunctionLookup lookup) {
        this(tenants, arns, lookup, () -> ThreadLocalRandom.current().nextDouble());
    }

    FunctionResolver(TenantDirectory tenants, FunctionArns arns, FunctionLookup lookup, DoubleSupplier random) {
        this.tenants = tenants;
        this.arns = arns;
        this.lookup = lookup;
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

    /**
     * The version an invocation runs: the call's one lookup of its function (with its alias and
     * version), in one read-only transaction: one connection checkout, one commit.
     */
    @Transactional(readOnly = true)
    public Resolved resolve(Invocation invocation) {
        return resolve(invocation.caller(), invocation.function());
    }

    @Transactional(readOnly = true)
    public Resolved resolve(Caller caller, FunctionReference reference) {
        var function = lookup.require(caller, reference.name());
        var chosen = choose(caller, function, reference.qualifier());
        var version = lookup.version(caller, function, chosen);
        return new Resolved(caller, function, version, arns.functionArn(caller.accountId(), function.name()));
    }

    private String choose(Caller caller, RegisteredFunction function, String qualifier) {
        if (qualifier == null
                || qualifier.equals(FunctionReference.LATEST)
                || FunctionLookup.versionNumber(qualifier) >= 0) {
            return qualifier;
        }
        return pick(lookup.alias(caller, function, qualifier).routing(), random.getAsDouble());
    }

    /** The version of an alias that a call drawing {@code draw} (uniform in [0, 1)) runs. */
    static String pick(AliasRouting routing, double draw) {
        if (routing.additionalVersion() != null && draw < routing.additionalVersionWeight()) {
            return routing.additionalVersion();
        }
        return routing.functionVersion();
    }
}
