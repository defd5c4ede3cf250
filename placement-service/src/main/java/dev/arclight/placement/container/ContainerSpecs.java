package dev.arclight.placement.container;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.registry.function.FunctionVersion;
import org.springframework.stereotype.Component;

/** Turns a registry version into what a container of it needs. */
@Component
public class ContainerSpecs {

    private final FunctionArns arns;

    ContainerSpecs(FunctionArns arns) {
        this.arns = arns;
    }

    public ContainerSpec of(Caller caller, FunctionVersion version) {
        var settings = version.settings();
        var key = new ContainerKey(
                caller.tenant(),
                arns.qualifiedArn(caller.accountId(), version.functionName(), version.versionName()),
                version.versionName(),
                version.revisionId());
        return new ContainerSpec(
                key,
                settings.runtime(),
                settings.handler(),
                settings.memoryMib(),
                settings.timeoutSeconds(),
                settings.environment(),
                version.codeSha256());
    }
}
