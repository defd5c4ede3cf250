package dev.arclight.placement.registry;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the function registry.
 *
 * @param region the region that ARNs carry
 * @param runtimes the runtimes a function may name
 * @param minimumUnreservedConcurrency how much of the account's concurrency limit ({@code
 *     arclight.placement.concurrency.account-limit}) reserved concurrency must leave free
 * @param codeSizeZipped the largest zip accepted inline
 * @param codeSizeUnzipped the largest total size of the zip's entries, counted as they inflate
 * @param codeMaxEntries the most files and folders a zip may hold (Lambda documents no bound; this
 *     one keeps the directory a zip bomb could declare small, and is far above real packages)
 * @param codeRequestSize the largest body of CreateFunction and UpdateFunctionCode (base64 of the zip)
 * @param requestSize the largest body of any other registry call
 * @param codeLocationBaseUrl where the gateway serves code downloads, the prefix of GetFunction's
 *     Code.Location
 * @param snapshotRepublishInterval how often every function's snapshot is published again, which
 *     repairs a publish lost while Kafka was unreachable
 */
@Validated
@ConfigurationProperties("arclight.registry")
public record RegistryProperties(
        @DefaultValue("us-east-1") @NotNull @Pattern(regexp = "[a-z]{2}(-gov)?-[a-z]+-\\d")
        String region,

        @DefaultValue({"python3.11", "nodejs18.x", "provided.al2023", "provided"}) @NotEmpty
        List<String> runtimes,

        @DefaultValue("100") @Min(0) int minimumUnreservedConcurrency,
        @DefaultValue("50MB") @NotNull DataSize codeSizeZipped,
        @DefaultValue("250MB") @NotNull DataSize codeSizeUnzipped,
        @DefaultValue("20000") @Min(1) int codeMaxEntries,
        @DefaultValue("70MB") @NotNull DataSize codeRequestSize,
        @DefaultValue("6MB") @NotNull DataSize requestSize,
        @DefaultValue("http://localhost:8080") @NotNull URI codeLocationBaseUrl,
        @DefaultValue("5m") @NotNull Duration snapshotRepublishInterval) {

    public RegistryProperties {
        if (codeRequestSize.compareTo(requestSize) < 0) {
            throw new IllegalArgumentException(
                    "arclight.registry.code-request-size must be at least arclight.registry.request-size");
        }
        if (snapshotRepublishInterval.isNegative() || snapshotRepublishInterval.isZero()) {
            throw new IllegalArgumentException("arclight.registry.snapshot-republish-interval must be positive");
        }
        runtimes = List.copyOf(runtimes);
    }
}
