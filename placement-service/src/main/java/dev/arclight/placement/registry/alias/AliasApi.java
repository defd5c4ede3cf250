package dev.arclight.placement.registry.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** The JSON bodies of Lambda's alias operations, as the 2015-03-31 model names them. */
final class AliasApi {

    private AliasApi() {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateAliasRequest(String name, String functionVersion, String description, RoutingConfig routingConfig) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UpdateAliasRequest(
            String functionVersion, String description, RoutingConfig routingConfig, String revisionId) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoutingConfig(Map<String, Double> additionalVersionWeights) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AliasConfiguration(
            String aliasArn,
            String name,
            String functionVersion,
            String description,
            RoutingConfig routingConfig,
            String revisionId) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListAliasesResponse(List<AliasConfiguration> aliases, String nextMarker) {}
}
