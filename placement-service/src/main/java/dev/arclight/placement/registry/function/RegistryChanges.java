package dev.arclight.placement.registry.function;

import dev.arclight.contracts.registry.AliasSnapshot;
import dev.arclight.contracts.registry.FunctionSnapshot;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.tenant.TenantDirectory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every write of the registry ends here: the function's revision grows and a snapshot of its new
 * state is handed to whoever publishes it once the transaction commits.
 */
@Component
public class RegistryChanges {

    private static final int REPUBLISH_PAGE = 200;

    private final FunctionRepository functions;
    private final TenantDirectory tenants;
    private final FunctionVersionRepository versions;
    private final FunctionAliasRepository aliases;
    private final ProvisionedConcurrencyConfigRepository provisioned;
    private final FunctionArns arns;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RegistryChanges(
            FunctionRepository functions,
            TenantDirectory tenants,
            FunctionVersionRepository versions,
            FunctionAliasRepository aliases,
            ProvisionedConcurrencyConfigRepository provisioned,
            FunctionArns arns,
            ApplicationEventPublisher events,
            Clock clock) {
        this.functions = functions;
        this.tenants = tenants;
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

    /**
     * Publishes every function's current state again. A send that failed (Kafka down at commit
     * time) is otherwise lost until the function next changes; the topic is compacted, so sending
     * an unchanged snapshot costs consumers nothing but a redundant record.
     *
     * @return how many functions were published
     */
    @Transactional(readOnly = true)
    public int republishAll() {
        int published = 0;
        var page = functions.findAll(PageRequest.of(0, REPUBLISH_PAGE, Sort.by("id")));
        while (true) {
            for (var function : page) {
                var tenant = tenants.find(function.tenant());
                if (tenant.isPresent()) {
                    var caller = new Caller(function.tenant(), tenant.get().accountId());
                    events.publishEvent(new FunctionChanged(
                            arns.functionArn(caller.accountId(), function.name()), snapshot(caller, function)));
                    published++;
                }
            }
            if (!page.hasNext()) {
                return published;
            }
            page = functions.findAll(page.nextPageable());
        }
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
