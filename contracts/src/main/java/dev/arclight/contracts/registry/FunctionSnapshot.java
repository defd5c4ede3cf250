package dev.arclight.contracts.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest state of one function, as placement-service's registry publishes it on {@link
 * dev.arclight.contracts.topic.Topics#FUNCTION_CONFIGURATIONS} after every change. The record key is
 * {@link #functionArn()}; a deleted function is published as a tombstone (a {@code null} value) under
 * that key, so the compacted topic ends up holding exactly the functions that exist.
 *
 * <p>It carries what the services outside the registry decide with (does the function exist, which
 * versions and aliases, how much concurrency is reserved or provisioned), not the code.
 *
 * @param tenant the owning tenant's name
 * @param accountId the tenant's 12-digit account id, as in the ARN
 * @param functionName the function's name
 * @param functionArn the unqualified ARN, {@code arn:aws:lambda:<region>:<account>:function:<name>}
 * @param runtime the runtime of {@code $LATEST}, e.g. {@code python3.11}
 * @param handler the handler of {@code $LATEST}
 * @param memoryMib the memory of {@code $LATEST} in MiB
 * @param timeoutSeconds the timeout of {@code $LATEST}
 * @param codeSha256 base64 SHA-256 of the code of {@code $LATEST}
 * @param versions the published versions, oldest first ({@code $LATEST} is implied)
 * @param aliases the aliases by name
 * @param reservedConcurrency the reserved concurrency, or {@code null} when none is set
 * @param provisionedConcurrency the requested provisioned concurrency by qualifier (version or alias)
 * @param revision a number that grows with every change of the function, so a consumer can drop an
 *     older snapshot that arrives late
 * @param lastModified when the function last changed
 */
public record FunctionSnapshot(
        String tenant,
        String accountId,
        String functionName,
        String functionArn,
        String runtime,
        String handler,
        int memoryMib,
        int timeoutSeconds,
        String codeSha256,
        List<String> versions,
        Map<String, AliasSnapshot> aliases,
        Integer reservedConcurrency,
        Map<String, Integer> provisionedConcurrency,
        long revision,
        Instant lastModified) {

    public FunctionSnapshot {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(lastModified, "lastModified");
        versions = versions == null ? List.of() : List.copyOf(versions);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        provisionedConcurrency = provisionedConcurrency == null ? Map.of() : Map.copyOf(provisionedConcurrency);
    }

    /** The total provisioned concurrency across all qualifiers. */
    public int totalProvisionedConcurrency() {
        return provisionedConcurrency.values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }
}
