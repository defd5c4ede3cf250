package dev.arclight.placement.container;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How this instance keeps containers and VMs.
 *
 * @param keepAlive how long an idle container is kept for the next call of its version
 * @param vmKeepAlive how long a VM with no containers left is kept for the tenant's next container
 * @param vmMemory the memory of a VM this instance boots (more if one function asks for more)
 * @param vmVcpus the virtual CPUs of such a VM
 * @param expiryInterval how often idle containers and empty VMs are looked for
 * @param provisionedInterval how often provisioned concurrency is reconciled with the registry
 */
@Validated
@ConfigurationProperties("arclight.placement.containers")
public record ContainerProperties(
        @DefaultValue("10m") @NotNull Duration keepAlive,
        @DefaultValue("10m") @NotNull Duration vmKeepAlive,
        @DefaultValue("1024MB") @NotNull DataSize vmMemory,
        @DefaultValue("1") @Min(1) int vmVcpus,
        @DefaultValue("10s") @NotNull Duration expiryInterval,
        @DefaultValue("10s") @NotNull Duration provisionedInterval) {

    public ContainerProperties {
        if (keepAlive != null && keepAlive.isNegative()) {
            throw new IllegalArgumentException("arclight.placement.containers.keep-alive must not be negative");
        }
        if (vmKeepAlive != null && vmKeepAlive.isNegative()) {
            throw new IllegalArgumentException("arclight.placement.containers.vm-keep-alive must not be negative");
        }
        if (vmMemory != null && vmMemory.toMegabytes() < 128) {
            throw new IllegalArgumentException("arclight.placement.containers.vm-memory must be at least 128MB");
        }
        if (expiryInterval != null && !expiryInterval.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.containers.expiry-interval must be positive");
        }
        if (provisionedInterval != null && !provisionedInterval.isPositive()) {
            throw new IllegalArgumentException("arclight.placement.containers.provisioned-interval must be positive");
        }
    }

    public long vmMemoryMib() {
        return vmMemory.toMegabytes();
    }
}
