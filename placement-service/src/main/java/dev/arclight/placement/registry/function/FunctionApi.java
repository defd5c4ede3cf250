package dev.arclight.placement.registry.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies.UpperCamelCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON bodies of Lambda's function operations, field for field as the 2015-03-31 model names
 * them (PascalCase). Requests ignore the fields Arclight does not use, as a client may send any of
 * them.
 */
public final class FunctionApi {

    private FunctionApi() {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateFunctionRequest(
            String functionName,
            String runtime,
            String role,
            String handler,
            Code code,
            String description,
            Integer timeout,
            Integer memorySize,
            Boolean publish,
            Environment environment,
            Map<String, String> tags,
            String packageType,
            List<String> architectures) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Code(byte[] zipFile, String s3Bucket, String s3Key, String imageUri) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Environment(Map<String, String> variables) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateFunctionConfigurationRequest(
            String role,
            String handler,
            String description,
            Integer timeout,
            Integer memorySize,
            Environment environment,
            String runtime,
            String revisionId) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UpdateFunctionCodeRequest(
            byte[] zipFile,
            String s3Bucket,
            String s3Key,
            String imageUri,
            Boolean publish,
            Boolean dryRun,
            String revisionId,
            List<String> architectures) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublishVersionRequest(String codeSha256, String description, String revisionId) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionConfiguration(
            String functionName,
            String functionArn,
            String runtime,
            String role,
            String handler,
            long codeSize,
            String description,
            int timeout,
            int memorySize,
            String lastModified,
            String codeSha256,
            String version,
            Environment environment,
            TracingConfig tracingConfig,
            String revisionId,
            String state,
            String lastUpdateStatus,
            String packageType,
            List<String> architectures,
            EphemeralStorage ephemeralStorage) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    public record TracingConfig(String mode) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    public record EphemeralStorage(int size) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GetFunctionResponse(
            FunctionConfiguration configuration,
            CodeLocation code,
            Map<String, String> tags,
            Concurrency concurrency) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    public record CodeLocation(String repositoryType, String location) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Concurrency(Integer reservedConcurrentExecutions) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListFunctionsResponse(List<FunctionConfiguration> functions, String nextMarker) {}

    @JsonNaming(UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListVersionsByFunctionResponse(List<FunctionConfiguration> versions, String nextMarker) {}
}
