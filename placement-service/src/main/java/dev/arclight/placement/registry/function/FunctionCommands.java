package dev.arclight.placement.registry.function;

import static dev.arclight.placement.registry.function.FunctionRequestChecks.alreadyExists;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.checkArchitectures;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.checkRevision;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.checkTags;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.nameToCreate;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.sameConfiguration;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.unqualified;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.unsupportedCodeSource;
import static dev.arclight.placement.registry.function.FunctionRequestChecks.zipOf;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.ResourceConflictException;
import dev.arclight.placement.registry.RegistryProperties;
import dev.arclight.placement.registry.function.FunctionApi.CreateFunctionRequest;
import dev.arclight.placement.registry.function.FunctionApi.FunctionConfiguration;
import dev.arclight.placement.registry.function.FunctionApi.PublishVersionRequest;
import dev.arclight.placement.registry.function.FunctionApi.UpdateFunctionCodeRequest;
import dev.arclight.placement.registry.function.FunctionApi.UpdateFunctionConfigurationRequest;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The writes of functions and their versions. Each is one transaction that locks the function
 * first, so a failure anywhere (bad zip, bad setting, a lost race) leaves nothing behind and
 * concurrent writes of one function take turns.
 */
@Service
public class FunctionCommands {

    private static final int DEFAULT_MEMORY_MIB = 128;
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private final FunctionRepository functions;
    private final FunctionVersionRepository versions;
    private final FunctionAliasRepository aliases;
    private final ProvisionedConcurrencyConfigRepository provisioned;
    private final FunctionCodeStore code;
    private final FunctionLookup lookup;
    private final RegistryChanges changes;
    private final FunctionConfigurations configurations;
    private final FunctionSettingsValidator validator;
    private final FunctionArns arns;
    private final EntityManager entityManager;
    private final Clock clock;

    FunctionCommands(
            FunctionRepository functions,
            FunctionVersionRepository versions,
            FunctionAliasRepository aliases,
            ProvisionedConcurrencyConfigRepository provisioned,
            FunctionCodeStore code,
            FunctionLookup lookup,
            RegistryChanges changes,
            FunctionConfigurations configurations,
            RegistryProperties properties,
            FunctionArns arns,
            EntityManager entityManager,
            Clock clock) {
        this.functions = functions;
        this.versions = versions;
        this.aliases = aliases;
        this.provisioned = provisioned;
        this.code = code;
        this.lookup = lookup;
        this.changes = changes;
        this.configurations = configurations;
        this.validator = new FunctionSettingsValidator(properties.runtimes());
        this.arns = arns;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public FunctionConfiguration create(Caller caller, CreateFunctionRequest request) {
        var name = nameToCreate(arns, caller, request.functionName());
        if (request.packageType() != null && !request.packageType().equals("Zip")) {
            throw new InvalidParameterValueException("Only PackageType Zip is supported");
        }
        checkArchitectures(request.architectures());
        var settings = validator.validate(new FunctionSettings(
                request.runtime(),
                request.handler(),
                request.role(),
                Objects.requireNonNullElse(request.memorySize(), DEFAULT_MEMORY_MIB),
                Objects.requireNonNullElse(request.timeout(), DEFAULT_TIMEOUT_SECONDS),
                request.description(),
                request.environment() == null ? null : request.environment().variables()));
        checkTags(request.tags());
        if (functions.existsByTenantAndName(caller.tenant(), name)) {
            throw alreadyExists(name);
        }
        var stored = code.store(caller.tenant(), zipOf(request.code()));
        var now = clock.instant();
        // A concurrent create of the same name fails here on the unique (tenant, name) constraint;
        // the error advice answers it with the same 409 as the check above.
        var function = functions.saveAndFlush(new RegisteredFunction(caller.tenant(), name, request.tags(), now));
        var latest = versions.save(new FunctionVersion(function, FunctionVersion.LATEST, settings, stored, now));
        var result = latest;
        if (Boolean.TRUE.equals(request.publish())) {
            result = versions.save(latest.publishAs(function, function.nextVersion(), null, now));
        }
        changes.changed(caller, function);
        return configurations.render(caller.accountId(), result);
    }

    @Transactional
    public FunctionConfiguration updateCode(Caller caller, String functionName, UpdateFunctionCodeRequest request) {
        var reference = unqualified(arns, caller, functionName);
        checkArchitectures(request.architectures());
        if (request.zipFile() == null && (request.s3Bucket() != null || request.imageUri() != null)) {
            throw unsupportedCodeSource();
        }
        var function = lookup.lock(caller, reference.name());
        var latest = lookup.version(caller, function, null);
        checkRevision(request.revisionId(), latest);
        if (Boolean.TRUE.equals(request.dryRun())) {
            code.check(request.zipFile());
            return configurations.render(caller.accountId(), latest);
        }
        var stored = code.store(caller.tenant(), request.zipFile());
        latest.updateCode(stored, clock.instant());
        var result = Boolean.TRUE.equals(request.publish()) ? publish(function, latest, null) : latest;
        // The old code may now be unused; the database must see the new reference before it looks.
        entityManager.flush();
        code.deleteUnused(caller.tenant());
        changes.changed(caller, function);
        return configurations.render(caller.accountId(), result);
    }

    @Transactional
    public FunctionConfiguration updateConfiguration(
            Caller caller, String functionName, UpdateFunctionConfigurationRequest request) {
        var reference = unqualified(arns, caller, functionName);
        var function = lookup.lock(caller, reference.name());
        var latest = lookup.version(caller, function, null);
        checkRevision(request.revisionId(), latest);
        var current = latest.settings();
        var settings = validator.validate(new FunctionSettings(
                Objects.requireNonNullElse(request.runtime(), current.runtime()),
                Objects.requireNonNullElse(request.handler(), current.handler()),
                Objects.requireNonNullElse(request.role(), current.role()),
                Objects.requireNonNullElse(request.memorySize(), current.memoryMib()),
                Objects.requireNonNullElse(request.timeout(), current.timeoutSeconds()),
                Objects.requireNonNullElse(request.description(), current.description()),
                // Environment given replaces the variables; given without Variables clears them.
                request.environment() == null
                        ? current.environment()
                        : request.environment().variables()));
        latest.update(settings, clock.instant());
        changes.changed(caller, function);
        return configurations.render(caller.accountId(), latest);
    }

    @Transactional
    public FunctionConfiguration publishVersion(Caller caller, String functionName, PublishVersionRequest request) {
        var reference = unqualified(arns, caller, functionName);
        var function = lookup.lock(caller, reference.name());
        var latest = lookup.version(caller, function, null);
        checkRevision(request == null ? null : request.revisionId(), latest);
        if (request != null
                && request.codeSha256() != null
                && !request.codeSha256().equals(latest.codeSha256())) {
            throw new InvalidParameterValueException("CodeSHA256 (" + request.codeSha256()
                    + ") is different from current CodeSHA256 in $LATEST (" + latest.codeSha256()
                    + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        var version = publish(function, latest, request == null ? null : request.description());
        changes.changed(caller, function);
        return configurations.render(caller.accountId(), version);
    }

    /**
     * Deletes the function, or with a qualifier one published version of it (not one an alias
     * points at, and never $LATEST on its own).
     */
    @Transactional
    public void delete(Caller caller, String functionName, String qualifierParameter) {
        var reference = arns.parse(functionName, qualifierParameter, caller);
        var function = lookup.lock(caller, reference.name());
        if (!reference.qualified()) {
            functions.delete(function);
            entityManager.flush();
            code.deleteUnused(caller.tenant());
            changes.deleted(caller, function.name());
            return;
        }
        var qualifier = reference.qualifier();
        if (qualifier.equals(FunctionReference.LATEST)) {
            throw new InvalidParameterValueException(
                    "$LATEST version cannot be deleted without deleting the function.");
        }
        if (FunctionLookup.versionNumber(qualifier) < 0) {
            throw new InvalidParameterValueException(
                    "Deletion of aliases is not supported by DeleteFunction: use DeleteAlias for " + qualifier);
        }
        var version = lookup.version(caller, function, qualifier);
        List<String> referencing = aliases.findByFunctionIdOrderByName(function.id()).stream()
                .filter(alias -> alias.routing().references(qualifier))
                .map(FunctionAlias::name)
                .toList();
        if (!referencing.isEmpty()) {
            throw new ResourceConflictException(
                    "Unable to delete version because the following aliases reference it: " + referencing);
        }
        provisioned.findByFunctionIdAndQualifier(function.id(), qualifier).ifPresent(provisioned::delete);
        versions.delete(version);
        entityManager.flush();
        code.deleteUnused(caller.tenant());
        changes.changed(caller, function);
    }

    /**
     * Publishes $LATEST, unless the newest published version already has its code and
     * configuration: then that version is the answer, as Lambda does.
     */
    private FunctionVersion publish(RegisteredFunction function, FunctionVersion latest, String description) {
        var newest = versions.findFirstByFunctionIdAndVersionGreaterThanOrderByVersionDesc(
                function.id(), FunctionVersion.LATEST);
        if (newest.isPresent()
                && newest.get().codeSha256().equals(latest.codeSha256())
                && sameConfiguration(newest.get().settings(), latest.settings())) {
            return newest.get();
        }
        return versions.save(latest.publishAs(function, function.nextVersion(), description, clock.instant()));
    }
}
