package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.registry.function.FunctionLookup;
import dev.arclight.placement.registry.function.ProvisionedRequests;
import dev.arclight.placement.registry.function.ProvisionedRequests.ProvisionedRequest;
import dev.arclight.placement.registry.function.RegisteredFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How many initialized containers each function version should have, from the registry's
 * provisioned concurrency configs. A config on a version asks for that version; one on an alias
 * asks for the alias's versions, split by the alias's weights as Lambda splits it. Configs of
 * several qualifiers on one version add up. This is the whole demand, of all instances together;
 * {@link ProvisionedShare} takes this instance's part of it.
 */
@Component
class ProvisionedDemand {

    private static final Logger log = LoggerFactory.getLogger(ProvisionedDemand.class);

    private final ProvisionedRequests requests;
    private final FunctionLookup lookup;
    private final ContainerSpecs specs;

    ProvisionedDemand(ProvisionedRequests requests, FunctionLookup lookup, ContainerSpecs specs) {
        this.requests = requests;
        this.lookup = lookup;
        this.specs = specs;
    }

    List<FunctionDemand> current() {
        var configs = requests.all();
        var byFunction = new LinkedHashMap<List<String>, Map<ContainerKey, ProvisionedTarget>>();
        for (var config : configs) {
            try {
                add(
                        config,
                        byFunction.computeIfAbsent(
                                List.of(config.caller().tenant(), config.functionName()), f -> new HashMap<>()));
            } catch (LambdaException e) {
                // Deleted between the query and the lookup: it no longer asks for anything.
                log.debug("Provisioned config of {} skipped: {}", config.functionName(), e.getMessage());
            }
        }
        var demand = new ArrayList<FunctionDemand>();
        byFunction.forEach((function, targets) -> {
            if (!targets.isEmpty()) {
                demand.add(new FunctionDemand(function.get(0), function.get(1), List.copyOf(targets.values())));
            }
        });
        return demand;
    }

    private void add(ProvisionedRequest config, Map<ContainerKey, ProvisionedTarget> targets) {
        var caller = config.caller();
        var function = lookup.require(caller, config.functionName());
        if (FunctionLookup.versionNumber(config.qualifier()) > 0) {
            addVersion(caller, function, config.qualifier(), config.requested(), targets);
            return;
        }
        var routing = lookup.alias(caller, function, config.qualifier()).routing();
        int additional = routing.additionalVersion() == null
                ? 0
                : (int) Math.round(config.requested() * routing.additionalVersionWeight());
        addVersion(caller, function, routing.functionVersion(), config.requested() - additional, targets);
        if (additional > 0) {
            addVersion(caller, function, routing.additionalVersion(), additional, targets);
        }
    }

    private void addVersion(
            Caller caller,
            RegisteredFunction function,
            String version,
            int count,
            Map<ContainerKey, ProvisionedTarget> targets) {
        if (count <= 0) {
            return;
        }
        var spec = specs.of(caller, lookup.version(caller, function, version));
        targets.merge(
                spec.key(),
                new ProvisionedTarget(spec, count),
                (a, b) -> new ProvisionedTarget(a.spec(), a.count() + b.count()));
    }
}
