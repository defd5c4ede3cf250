package dev.arclight.gateway.invoke;

import dev.arclight.contracts.registry.FunctionSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * What routing needs to know about the function a call is for.
 *
 * @param functionKey the ring key: tenant and bare function name
 * @param reservation the function's provisioned concurrency summed over its qualifiers, else its
 *     reserved concurrency, else 0 (also when the registry view does not know the function)
 * @param timeout how long the gateway waits for placement's answer
 */
record InvocationTarget(String functionKey, int reservation, Duration timeout) {

    static String functionKey(String tenant, String functionName) {
        return tenant + ":" + functionName;
    }

    static InvocationTarget of(
            String tenant, String functionName, Optional<FunctionSnapshot> known, InvokeProperties properties) {
        var key = functionKey(tenant, functionName);
        return known.map(f -> new InvocationTarget(
                        key,
                        reservationOf(f),
                        Duration.ofSeconds(f.timeoutSeconds()).plus(properties.timeoutMargin())))
                .orElseGet(() -> new InvocationTarget(key, 0, properties.defaultTimeout()));
    }

    static int reservationOf(FunctionSnapshot function) {
        int provisioned = function.totalProvisionedConcurrency();
        if (provisioned > 0) {
            return provisioned;
        }
        var reserved = function.reservedConcurrency();
        return reserved == null ? 0 : Math.max(0, reserved);
    }
}
