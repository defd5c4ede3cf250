package dev.arclight.placement.lambda;

import dev.arclight.placement.lambda.LambdaException.AccessDeniedException;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import java.util.regex.Pattern;

/**
 * Lambda's ARNs, {@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]}, both ways.
 * Calls may name a function as Lambda accepts: {@code name}, {@code name:qualifier}, the partial
 * {@code account:function:name[:qualifier]} or the full ARN. An ARN of another account is refused
 * whether or not such a function exists, so a caller learns nothing about other tenants. The
 * registry makes the one instance, with its configured region.
 */
public class FunctionArns {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[a-zA-Z0-9_-]{1,128}");
    private static final Pattern FULL =
            Pattern.compile("arn:aws:lambda:([a-z0-9-]+):(\\d{12}):function:([^:]+)(?::([^:]+))?");
    private static final Pattern PARTIAL = Pattern.compile("(\\d{12}):function:([^:]+)(?::([^:]+))?");
    private static final Pattern PLAIN = Pattern.compile("([^:]+)(?::([^:]+))?");

    private final String region;

    public FunctionArns(String region) {
        this.region = region;
    }

    public String region() {
        return region;
    }

    public String functionArn(String accountId, String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    public String qualifiedArn(String accountId, String name, String qualifier) {
        return functionArn(accountId, name) + ":" + qualifier;
    }

    /** Parses a function name parameter without a separate qualifier. */
    public FunctionReference parse(String functionName, Caller caller) {
        return parse(functionName, null, caller);
    }

    /**
     * Parses a function name parameter and the call's Qualifier parameter, which must agree with a
     * qualifier in the name if both are given.
     */
    public FunctionReference parse(String functionName, String qualifierParameter, Caller caller) {
        if (functionName == null || functionName.isEmpty() || functionName.length() > 170) {
            throw invalidName(functionName);
        }
        String name;
        String qualifier;
        var full = FULL.matcher(functionName);
        var partial = PARTIAL.matcher(functionName);
        var plain = PLAIN.matcher(functionName);
        if (full.matches()) {
            checkAccount(full.group(2), caller);
            if (!region.equals(full.group(1))) {
                throw new ResourceNotFoundException("Function not found: " + functionName);
            }
            name = full.group(3);
            qualifier = full.group(4);
        } else if (partial.matches()) {
            checkAccount(partial.group(1), caller);
            name = partial.group(2);
            qualifier = partial.group(3);
        } else if (plain.matches()) {
            name = plain.group(1);
            qualifier = plain.group(2);
        } else {
            throw invalidName(functionName);
        }
        if (!NAME.matcher(name).matches()) {
            throw invalidName(functionName);
        }
        if (qualifierParameter != null && !qualifierParameter.isEmpty()) {
            if (qualifier != null && !qualifier.equals(qualifierParameter)) {
                throw new InvalidParameterValueException(
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = qualifierParameter;
        }
        if (qualifier != null && !QUALIFIER.matcher(qualifier).matches()) {
            throw new InvalidParameterValueException("Invalid qualifier: " + qualifier);
        }
        return new FunctionReference(name, qualifier);
    }

    /** Checks a name given on its own, as CreateFunction takes it (a plain name or an ARN of it). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void checkAccount(String accountId, Caller caller) {
        if (!accountId.equals(caller.accountId())) {
            throw new AccessDeniedException("The function belongs to another account than the caller's");
        }
    }

    private static InvalidParameterValueException invalidName(String functionName) {
        return new InvalidParameterValueException("1 validation error detected: Value '" + functionName
                + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression"
                + " pattern: [a-zA-Z0-9-_]+ and have length 1 to 64");
    }
}
