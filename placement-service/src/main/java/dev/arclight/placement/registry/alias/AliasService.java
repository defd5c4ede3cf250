package dev.arclight.placement.registry.alias;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.PreconditionFailedException;
import dev.arclight.placement.lambda.LambdaException.ResourceConflictException;
import dev.arclight.placement.registry.alias.AliasApi.AliasConfiguration;
import dev.arclight.placement.registry.alias.AliasApi.CreateAliasRequest;
import dev.arclight.placement.registry.alias.AliasApi.ListAliasesResponse;
import dev.arclight.placement.registry.alias.AliasApi.RoutingConfig;
import dev.arclight.placement.registry.alias.AliasApi.UpdateAliasRequest;
import dev.arclight.placement.registry.function.AliasRouting;
import dev.arclight.placement.registry.function.FunctionAlias;
import dev.arclight.placement.registry.function.FunctionAliasRepository;
import dev.arclight.placement.registry.function.FunctionLookup;
import dev.arclight.placement.registry.function.ProvisionedConcurrencyConfigRepository;
import dev.arclight.placement.registry.function.RegisteredFunction;
import dev.arclight.placement.registry.function.RegistryChanges;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Aliases of a function: create, read, re-point, list and delete, each write in one transaction. */
@Service
class AliasService {

    private static final Pattern NAME = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");
    private static final int PAGE_SIZE = 50;

    private final FunctionLookup lookup;
    private final FunctionAliasRepository aliases;
    private final ProvisionedConcurrencyConfigRepository provisioned;
    private final RegistryChanges changes;
    private final FunctionArns arns;

    AliasService(
            FunctionLookup lookup,
            FunctionAliasRepository aliases,
            ProvisionedConcurrencyConfigRepository provisioned,
            RegistryChanges changes,
            FunctionArns arns) {
        this.lookup = lookup;
        this.aliases = aliases;
        this.provisioned = provisioned;
        this.changes = changes;
        this.arns = arns;
    }

    @Transactional
    public AliasConfiguration create(Caller caller, String functionName, CreateAliasRequest request) {
        var function = lookup.lock(caller, unqualifiedName(caller, functionName));
        var name = request.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidParameterValueException("1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " (?!^[0-9]+$)([a-zA-Z0-9-_]+) and have length 1 to 128");
        }
        if (aliases.findByFunctionIdAndName(function.id(), name).isPresent()) {
            throw new ResourceConflictException(
                    "Alias already exists: " + arns.qualifiedArn(caller.accountId(), function.name(), name));
        }
        var routing = routing(caller, function, request.functionVersion(), request.routingConfig());
        var alias = aliases.save(new FunctionAlias(function.id(), name, routing, request.description()));
        changes.changed(caller, function);
        return render(caller, function, alias);
    }

    @Transactional(readOnly = true)
    public AliasConfiguration get(Caller caller, String functionName, String name) {
        var function = lookup.require(caller, unqualifiedName(caller, functionName));
        return render(caller, function, lookup.alias(caller, function, name));
    }

    @Transactional
    public AliasConfiguration update(Caller caller, String functionName, String name, UpdateAliasRequest request) {
        var function = lookup.lock(caller, unqualifiedName(caller, functionName));
        var alias = lookup.alias(caller, function, name);
        if (request.revisionId() != null
                && !request.revisionId().equals(alias.revisionId().toString())) {
            throw new PreconditionFailedException("The Revision Id provided does not match the latest Revision Id."
                    + " Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        var current = alias.routing();
        var version = request.functionVersion() == null ? current.functionVersion() : request.functionVersion();
        var routingConfig = request.routingConfig() != null
                ? request.routingConfig()
                : current.additionalVersion() == null
                        ? null
                        : new RoutingConfig(Map.of(current.additionalVersion(), current.additionalVersionWeight()));
        alias.update(
                routing(caller, function, version, routingConfig),
                request.description() == null ? alias.description() : request.description());
        changes.changed(caller, function);
        return render(caller, function, alias);
    }

    @Transactional
    public void delete(Caller caller, String functionName, String name) {
        var function = lookup.lock(caller, unqualifiedName(caller, functionName));
        var alias = lookup.alias(caller, function, name);
        provisioned.findByFunctionIdAndQualifier(function.id(), name).ifPresent(provisioned::delete);
        aliases.delete(alias);
        changes.changed(caller, function);
    }

    @Transactional(readOnly = true)
    public ListAliasesResponse list(
            Caller caller, String functionName, String functionVersion, String marker, Integer maxItems) {
        var function = lookup.require(caller, unqualifiedName(caller, functionName));
        int size = maxItems == null ? PAGE_SIZE : maxItems;
        if (size < 1 || size > 10000) {
            throw new InvalidParameterValueException("MaxItems must be between 1 and 10000");
        }
        size = Math.min(size, PAGE_SIZE);
        var after = marker == null ? "" : decode(marker);
        var matching = aliases.findByFunctionIdOrderByName(function.id()).stream()
                .filter(alias -> alias.name().compareTo(after) > 0)
                .filter(alias -> functionVersion == null || alias.routing().references(functionVersion))
                .limit(size + 1L)
                .toList();
        var page = matching.subList(0, Math.min(size, matching.size()));
        var next = matching.size() > size ? encode(page.getLast().name()) : null;
        return new ListAliasesResponse(
                page.stream().map(alias -> render(caller, function, alias)).toList(), next);
    }

    /**
     * Checks where an alias may point: at $LATEST or a published version, with at most one more
     * published version taking a share of 0 to 1 of the calls.
     */
    private AliasRouting routing(
            Caller caller, RegisteredFunction function, String functionVersion, RoutingConfig routingConfig) {
        if (functionVersion == null) {
            throw new InvalidParameterValueException("FunctionVersion is required");
        }
        requireVersion(caller, function, functionVersion);
        var weights = routingConfig == null || routingConfig.additionalVersionWeights() == null
                ? Map.<String, Double>of()
                : routingConfig.additionalVersionWeights();
        if (weights.isEmpty()) {
            return new AliasRouting(functionVersion, null, 0.0);
        }
        if (weights.size() > 1) {
            throw new InvalidParameterValueException("RoutingConfig takes one additional version at most");
        }
        var additional = weights.entrySet().iterator().next();
        var weight = additional.getValue();
        if (weight == null || weight < 0.0 || weight > 1.0 || weight.isNaN()) {
            throw new InvalidParameterValueException(
                    "The weight of version " + additional.getKey() + " must be between 0.0 and 1.0");
        }
        if (functionVersion.equals(FunctionReference.LATEST)
                || additional.getKey().equals(FunctionReference.LATEST)) {
            throw new InvalidParameterValueException(
                    "$LATEST is not supported for an alias pointing to more than 1 version");
        }
        if (additional.getKey().equals(functionVersion)) {
            throw new InvalidParameterValueException(
                    "The additional version must differ from the alias's FunctionVersion " + functionVersion);
        }
        requireVersion(caller, function, additional.getKey());
        return new AliasRouting(functionVersion, additional.getKey(), weight);
    }

    private void requireVersion(Caller caller, RegisteredFunction function, String version) {
        if (version.equals(FunctionReference.LATEST)) {
            return;
        }
        if (FunctionLookup.versionNumber(version) < 0) {
            throw new InvalidParameterValueException(
                    "Invalid version: " + version + "; an alias points at $LATEST or a published version number");
        }
        if (!lookup.hasPublishedVersion(function, version)) {
            throw lookup.notFound(caller, function.name(), version);
        }
    }

    private String unqualifiedName(Caller caller, String functionName) {
        var reference = arns.parse(functionName, caller);
        if (reference.qualified()) {
            throw new InvalidParameterValueException(
                    "This operation takes an unqualified function name: " + functionName);
        }
        return reference.name();
    }

    private AliasConfiguration render(Caller caller, RegisteredFunction function, FunctionAlias alias) {
        var routing = alias.routing();
        return new AliasConfiguration(
                arns.qualifiedArn(caller.accountId(), function.name(), alias.name()),
                alias.name(),
                routing.functionVersion(),
                alias.description(),
                routing.additionalVersion() == null
                        ? null
                        : new RoutingConfig(Map.of(routing.additionalVersion(), routing.additionalVersionWeight())),
                alias.revisionId().toString());
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterValueException("Invalid marker: " + marker);
        }
    }
}
