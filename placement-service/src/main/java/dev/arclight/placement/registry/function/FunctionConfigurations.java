package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.registry.LambdaTimestamps;
import dev.arclight.placement.registry.function.FunctionApi.Environment;
import dev.arclight.placement.registry.function.FunctionApi.EphemeralStorage;
import dev.arclight.placement.registry.function.FunctionApi.FunctionConfiguration;
import dev.arclight.placement.registry.function.FunctionApi.TracingConfig;
import java.util.List;
import org.springframework.stereotype.Component;

/** Renders a version as Lambda's FunctionConfiguration. */
@Component
class FunctionConfigurations {

    private final FunctionArns arns;

    FunctionConfigurations(FunctionArns arns) {
        this.arns = arns;
    }

    /**
     * @param arnQualifier what the ARN is qualified with (a version number or alias name), or
     *     {@code null} for the unqualified ARN
     */
    FunctionConfiguration render(String accountId, FunctionVersion version, String arnQualifier) {
        var settings = version.settings();
        var arn = arnQualifier == null
                ? arns.functionArn(accountId, version.functionName())
                : arns.qualifiedArn(accountId, version.functionName(), arnQualifier);
        return new FunctionConfiguration(
                version.functionName(),
                arn,
                settings.runtime(),
                settings.role(),
                settings.handler(),
                version.codeSize(),
                settings.description(),
                settings.timeoutSeconds(),
                settings.memoryMib(),
                LambdaTimestamps.format(version.lastModified()),
                version.codeSha256(),
                version.versionName(),
                settings.environment().isEmpty() ? null : new Environment(settings.environment()),
                new TracingConfig("PassThrough"),
                version.revisionId().toString(),
                "Active",
                "Successful",
                "Zip",
                List.of("x86_64"),
                new EphemeralStorage(512));
    }

    /** $LATEST unqualified, a published version qualified with its number, as Lambda shows them. */
    FunctionConfiguration render(String accountId, FunctionVersion version) {
        return render(accountId, version, version.version() == FunctionVersion.LATEST ? null : version.versionName());
    }
}
