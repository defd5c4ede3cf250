package dev.arclight.placement.registry.function;

import dev.arclight.contracts.registry.AliasSnapshot;
import dev.arclight.contracts.registry.FunctionSnapshot;
import dev.arclight.placement.registry.Caller;
import dev.arclight.placement.registry.FunctionArns;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Every write of the registry ends here: the function's revision grows and a snapshot of its new
 * state is handed to whoever publishes it once the transaction commits.
 */
@Component
public class RegistryChanges {

    private final FunctionVersionRepository versions;
    private final FunctionAliasRepository aliases;
    private final ProvisionedConcurrencyConfigRepository provisioned;
    private final FunctionArns arns;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RegistryChanges(
            FunctionVersionRepository versions,
            FunctionAliasRepository aliases,
            ProvisionedConcurrencyConfigRepository provisioned,
            FunctionArns arns,
            ApplicationEventPublisher events,
            Clock clock) {
        this.versions = versions;
        this.aliases = aliases;
        this.provisioned = provisioned;
        this.arns = arns;
        this.events = events;
        this.clock = clock;
    }

    /** Records a change of a function the caller holds locked. */
    public void changed(Caller caller, RegisteredFunction function) {
        function.advanceRevision();
        events.publishEvent(
                new FunctionChanged(arns.functionArn(caller.accountId(), function.name()), snapshot(caller, function)));
    }

    public void deleted(Caller caller, String name) {
        events.publishEvent(new FunctionChanged(arns.functionArn(caller.accountId(), name), null));
    }

    private FunctionSnapshot snapshot(Caller caller, RegisteredFunction function) {
        var all = versions.findByFunctionIdOrderByVersion(function.id());
        var latest = all.getFirst();
        Map<String, AliasSnapshot> aliasSnapshots = new LinkedHashMap<>();
        for (var alias : aliases.findByFunctionIdOrderByName(function.id())) {
            var routing = alias.routing();
            aliasSnapshots.put(
                    alias.name(),
                    new AliasSnapshot(
                            alias.name(),
                            routing.functionVersion(),
                            routing.additionalVersion(),
                            routing.additionalVersionWeight()));
        }
        Map<String, Integer> provisionedConcurrency = new LinkedHashMap<>();
        provisioned
                .findByFunctionIdOrderByQualifier(function.id())
                .forEach(config -> provisionedConcurrency.put(config.qualifier(), config.requested()));
        var settings = latest.settings();
        return new FunctionSnapshot(
                caller.tenant(),
                caller.accountId(),
                function.name(),
                arns.functionArn(caller.accountId(), function.name()),
                settings.runtime(),
                settings.handler(),
                settings.memoryMib(),
                settings.timeoutSeconds(),
                latest.codeSha256(),
                all.stream()
                        .filter(v -> v.version() != FunctionVersion.LATEST)
                        .map(FunctionVersion::versionName)
                        .toList(),
                aliasSnapshots,
                function.reservedConcurrency(),
                provisionedConcurrency,
                function.revision(),
                clock.instant());
    }
}
