package dev.arclight.placement.container;

import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import java.util.Comparator;
import java.util.List;

/**
 * The provisioned concurrency one function asks for, across all its instances: per version, in the
 * order every instance sorts them the same way (by qualified ARN, then revision).
 *
 * @param tenant the function's tenant
 * @param functionName the bare function name
 * @param versions what each version asks for; counts above 0
 */
public record FunctionDemand(String tenant, String functionName, List<ProvisionedTarget> versions) {

    public FunctionDemand {
        versions = versions.stream()
                .sorted(Comparator.comparing(
                                (ProvisionedTarget t) -> t.spec().key().functionArn())
                        .thenComparing(t -> String.valueOf(t.spec().key().revisionId())))
                .toList();
    }

    /** All of the function's provisioned executions. */
    public int total() {
        return versions.stream().mapToInt(ProvisionedTarget::count).sum();
    }
}
