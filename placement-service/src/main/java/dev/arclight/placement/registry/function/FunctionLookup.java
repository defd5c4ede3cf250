package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds a caller's function, and a version of it by qualifier. Every lookup is by the caller's
 * tenant, so another tenant's function is simply not found.
 */
@Component
public class FunctionLookup {

    private final FunctionRepository functions;
    private final FunctionVersionRepository versions;
    private final FunctionAliasRepository aliases;
    private final FunctionArns arns;

    FunctionLookup(
            FunctionRepository functions,
            FunctionVersionRepository versions,
            FunctionAliasRepository aliases,
            FunctionArns arns) {
        this.functions = functions;
        this.versions = versions;
        this.aliases = aliases;
        this.arns = arns;
    }

    public RegisteredFunction require(Caller caller, String name) {
        return functions.findByTenantAndName(caller.tenant(), name).orElseThrow(() -> notFound(caller, name, null));
    }

    /** The function, locked for the rest of the transaction so that its writers take turns. */
    public RegisteredFunction lock(Caller caller, String name) {
        return functions.lockByTenantAndName(caller.tenant(), name).orElseThrow(() -> notFound(caller, name, null));
    }

    /** The version a qualifier names: {@code $LATEST} (or none), a number, or an alias's version. */
    public FunctionVersion version(Caller caller, RegisteredFunction function, String qualifier) {
        if (qualifier == null || qualifier.equals(FunctionReference.LATEST)) {
            return versions.findByFunctionIdAndVersion(function.id(), FunctionVersion.LATEST)
                    .orElseThrow(() -> notFound(caller, function.name(), null));
        }
        var number = versionNumber(qualifier);
        if (number < 0) {
            var alias = alias(caller, function, qualifier);
            return version(caller, function, alias.routing().functionVersion());
        }
        return versions.findByFunctionIdAndVersion(function.id(), number)
                .orElseThrow(() -> notFound(caller, function.name(), qualifier));
    }

    public FunctionAlias alias(Caller caller, RegisteredFunction function, String name) {
        return aliases.findByFunctionIdAndName(function.id(), name)
                .orElseThrow(() -> new ResourceNotFoundException(
                        "Cannot find alias arn: " + arns.qualifiedArn(caller.accountId(), function.name(), name)));
    }

    /** Whether a published version of this number exists. */
    public boolean hasPublishedVersion(RegisteredFunction function, String qualifier) {
        int number = versionNumber(qualifier);
        return number > 0
                && versions.findByFunctionIdAndVersion(function.id(), number).isPresent();
    }

    public ResourceNotFoundException notFound(Caller caller, String name, String qualifier) {
        var arn = qualifier == null
                ? arns.functionArn(caller.accountId(), name)
                : arns.qualifiedArn(caller.accountId(), name, qualifier);
        return new ResourceNotFoundException("Function not found: " + arn);
    }

    /** The number of a numeric qualifier, or -1 for anything else (an alias name, $LATEST). */
    public static int versionNumber(String qualifier) {
        if (qualifier == null || qualifier.isEmpty() || qualifier.length() > 9) {
            return -1;
        }
        for (int i = 0; i < qualifier.length(); i++) {
            if (!Character.isDigit(qualifier.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(qualifier);
    }
}
