package dev.arclight.placement.registry.concurrency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** The JSON bodies of Lambda's reserved and provisioned concurrency operations. */
final class ConcurrencyApi {

    private ConcurrencyApi() {}

    /** PutFunctionConcurrency's request and answer, and GetFunctionConcurrency's answer. */
    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReservedConcurrency(Integer reservedConcurrentExecutions) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PutProvisionedConcurrencyConfigRequest(Integer provisionedConcurrentExecutions) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProvisionedConcurrencyConfigResponse(
            int requestedProvisionedConcurrentExecutions,
            int availableProvisionedConcurrentExecutions,
            int allocatedProvisionedConcurrentExecutions,
            String status,
            String statusReason,
            String lastModified) {}
}
