package dev.arclight.gateway.invoke;

import dev.arclight.contracts.registry.FunctionSnapshot;
import dev.arclight.ring.ArcRule;
import java.time.Duration;
import java.util.Optional;

/**
 * What routing needs to know about the function a call is for.
 *
 * @param functionKey the ring key: tenant and bare function name
 * @param provisioned the function's provisioned concurrency summed over its qualifiers, else 0
 *     (also when the registry view does not know the function). Only provisioned concurrency
 *     reserves an arc: it is where placement keeps the pre-initialized containers. Reserved
 *     concurrency is a cap, enforced by placement's limiter; it reserves no instances.
 * @param timeout how long the gateway waits for placement's answer
 */
record InvocationTarget(String functionKey, int provisioned, Duration timeout) {

    static String functionKey(String tenant, String functionName) {
        return ArcRule.functionKey(tenant, functionName);
    }

    static InvocationTarget of(
            String tenant, String functionName, Optional<FunctionSnapshot> known, InvokeProperties properties) {
        var key = functionKey(tenant, functionName);
        return known.map(f -> new InvocationTarget(
                        key,
                        provisionedOf(f),
                        Duration.ofSeconds(f.timeoutSeconds()).plus(properties.timeoutMargin())))
                .orElseGet(() -> new InvocationTarget(key, 0, properties.defaultTimeout()));
    }

    static int provisionedOf(FunctionSnapshot function) {
        return Math.max(0, function.totalProvisionedConcurrency());
    }
}
