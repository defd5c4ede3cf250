package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.registry.RegistryProperties;
import dev.arclight.placement.registry.function.FunctionApi.CodeLocation;
import dev.arclight.placement.registry.function.FunctionApi.Concurrency;
import dev.arclight.placement.registry.function.FunctionApi.FunctionConfiguration;
import dev.arclight.placement.registry.function.FunctionApi.GetFunctionResponse;
import dev.arclight.placement.registry.function.FunctionApi.ListFunctionsResponse;
import dev.arclight.placement.registry.function.FunctionApi.ListVersionsByFunctionResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reads of functions and their versions. */
@Service
@Transactional(readOnly = true)
public class FunctionQueries {

    private final FunctionVersionRepository versions;
    private final FunctionLookup lookup;
    private final FunctionConfigurations configurations;
    private final FunctionCodeStore code;
    private final FunctionArns arns;
    private final String codeLocationBase;

    FunctionQueries(
            FunctionVersionRepository versions,
            FunctionLookup lookup,
            FunctionConfigurations configurations,
            FunctionCodeStore code,
            FunctionArns arns,
            RegistryProperties properties) {
        this.versions = versions;
        this.lookup = lookup;
        this.configurations = configurations;
        this.code = code;
        this.arns = arns;
        this.codeLocationBase = properties.codeLocationBaseUrl().toString().replaceAll("/+$", "");
    }

    public GetFunctionResponse get(Caller caller, String functionName, String qualifier) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.require(caller, reference.name());
        var version = lookup.version(caller, function, reference.qualifier());
        var location = codeLocationBase + "/2015-03-31/functions/" + function.name() + "/code"
                + (reference.qualified()
                        ? "?Qualifier=" + URLEncoder.encode(reference.qualifier(), StandardCharsets.UTF_8)
                        : "");
        return new GetFunctionResponse(
                configurations.render(caller.accountId(), version, reference.qualifier()),
                new CodeLocation("S3", location),
                function.tags().isEmpty() ? null : function.tags(),
                function.reservedConcurrency() == null ? null : new Concurrency(function.reservedConcurrency()));
    }

    public FunctionConfiguration configuration(Caller caller, String functionName, String qualifier) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.require(caller, reference.name());
        var version = lookup.version(caller, function, reference.qualifier());
        return configurations.render(caller.accountId(), version, reference.qualifier());
    }

    /** The zip of a version, for the code location GetFunction hands out. */
    public byte[] zip(Caller caller, String functionName, String qualifier) {
        var reference = arns.parse(functionName, qualifier, caller);
        var function = lookup.require(caller, reference.name());
        var version = lookup.version(caller, function, reference.qualifier());
        return code.load(caller.tenant(), version.codeSha256())
                .orElseThrow(() -> lookup.notFound(caller, function.name(), reference.qualifier()));
    }

    /** $LATEST of each function by name, or with {@code FunctionVersion=ALL} every version of each. */
    public ListFunctionsResponse list(Caller caller, String functionVersion, String marker, Integer maxItems) {
        int size = Markers.pageSize(maxItems);
        boolean all = "ALL".equals(functionVersion);
        if (functionVersion != null && !all) {
            throw new InvalidParameterValueException("FunctionVersion must be ALL when given");
        }
        List<FunctionVersion> page;
        if (all) {
            var after = marker == null
                    ? new String[] {"", "-1"}
                    : Markers.decode(marker).split(":", 2);
            if (after.length != 2 || FunctionLookup.versionNumber(after[1]) < 0 && !after[1].equals("-1")) {
                throw new InvalidParameterValueException("Invalid marker: " + marker);
            }
            page = versions.pageAll(caller.tenant(), after[0], Integer.parseInt(after[1]), Limit.of(size + 1));
        } else {
            page = versions.pageLatest(
                    caller.tenant(), marker == null ? "" : Markers.decode(marker), Limit.of(size + 1));
        }
        var items = page.subList(0, Math.min(size, page.size()));
        String next = null;
        if (page.size() > size) {
            var last = items.getLast();
            next = Markers.encode(all ? last.functionName() + ":" + last.version() : last.functionName());
        }
        return new ListFunctionsResponse(
                items.stream()
                        .map(v -> all
                                ? configurations.render(caller.accountId(), v, v.versionName())
                                : configurations.render(caller.accountId(), v))
                        .toList(),
                next);
    }

    /** $LATEST and the published versions, each with its version-qualified ARN, as Lambda lists them. */
    public ListVersionsByFunctionResponse listVersions(
            Caller caller, String functionName, String marker, Integer maxItems) {
        int size = Markers.pageSize(maxItems);
        var reference = arns.parse(functionName, caller);
        var function = lookup.require(caller, reference.name());
        int after = -1;
        if (marker != null) {
            after = FunctionLookup.versionNumber(Markers.decode(marker));
            if (after < 0) {
                throw new InvalidParameterValueException("Invalid marker: " + marker);
            }
        }
        var page = versions.page(function.id(), after, Limit.of(size + 1));
        var items = page.subList(0, Math.min(size, page.size()));
        var next = page.size() > size
                ? Markers.encode(Integer.toString(items.getLast().version()))
                : null;
        return new ListVersionsByFunctionResponse(
                items.stream()
                        .map(v -> configurations.render(caller.accountId(), v, v.versionName()))
                        .toList(),
                next);
    }
}
