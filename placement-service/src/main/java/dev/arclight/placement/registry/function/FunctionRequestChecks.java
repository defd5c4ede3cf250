package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.PreconditionFailedException;
import dev.arclight.placement.lambda.LambdaException.ResourceConflictException;
import dev.arclight.placement.registry.function.FunctionApi.Code;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The checks {@link FunctionCommands} makes of a request before it writes anything, in Lambda's words. */
final class FunctionRequestChecks {

    private FunctionRequestChecks() {}

    static boolean sameConfiguration(FunctionSettings published, FunctionSettings latest) {
        // The description of a version may be its own (PublishVersion sets it), so it is left out.
        return Objects.equals(published.runtime(), latest.runtime())
                && Objects.equals(published.handler(), latest.handler())
                && Objects.equals(published.role(), latest.role())
                && published.memoryMib() == latest.memoryMib()
                && published.timeoutSeconds() == latest.timeoutSeconds()
                && published.environment().equals(latest.environment());
    }

    static String nameToCreate(FunctionArns arns, Caller caller, String functionName) {
        if (functionName == null) {
            throw new InvalidParameterValueException("FunctionName is required");
        }
        var reference = arns.parse(functionName, caller);
        if (reference.qualified() || !FunctionArns.validName(reference.name())) {
            throw new InvalidParameterValueException("1 validation error detected: Value '" + functionName
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [a-zA-Z0-9-_]+ and have length 1 to 64");
        }
        return reference.name();
    }

    static FunctionReference unqualified(FunctionArns arns, Caller caller, String functionName) {
        var reference = arns.parse(functionName, caller);
        if (reference.qualified()) {
            throw new InvalidParameterValueException(
                    "This operation takes an unqualified function name: " + functionName);
        }
        return reference;
    }

    static byte[] zipOf(Code code) {
        if (code == null) {
            throw new InvalidParameterValueException("Code is required");
        }
        if (code.zipFile() == null && (code.s3Bucket() != null || code.imageUri() != null)) {
            throw unsupportedCodeSource();
        }
        return code.zipFile();
    }

    static InvalidParameterValueException unsupportedCodeSource() {
        return new InvalidParameterValueException(
                "Only inline code is supported: pass the zip as ZipFile (S3 and image code are not)");
    }

    static void checkArchitectures(List<String> architectures) {
        if (architectures != null && !architectures.isEmpty() && !architectures.equals(List.of("x86_64"))) {
            throw new InvalidParameterValueException("Only the x86_64 architecture is supported");
        }
    }

    static void checkTags(Map<String, String> tags) {
        if (tags != null && tags.size() > 50) {
            throw new InvalidParameterValueException("A function takes at most 50 tags");
        }
    }

    static void checkRevision(String revisionId, FunctionVersion latest) {
        if (revisionId != null && !revisionId.equals(latest.revisionId().toString())) {
            throw new PreconditionFailedException("The Revision Id provided does not match the latest Revision Id."
                    + " Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    static ResourceConflictException alreadyExists(String name) {
        return new ResourceConflictException("Function already exist: " + name);
    }
}
