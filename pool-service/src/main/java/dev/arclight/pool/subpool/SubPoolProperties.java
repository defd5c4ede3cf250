package dev.arclight.pool.subpool;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sub-pool limits and the sub-pools seeded at start.
 *
 * @param maxSize the largest {@code maxSize} the admin API accepts for one sub-pool
 * @param vmMaxMemoryMib the maximum memory pooled VMs boot with (at least the sub-pool's memory): how
 *     far a claim can grow one by resize instead of booting another
 * @param defaults sub-pools created at start when no sub-pool of that id exists
 */
@Validated
@ConfigurationProperties("arclight.pool.sub-pools")
public record SubPoolProperties(
        @DefaultValue("32") @Min(1) @Max(1000) int maxSize,
        @DefaultValue("2048") @Min(128) @Max(10240) long vmMaxMemoryMib,
        @Valid List<Default> defaults) {

    public SubPoolProperties {
        defaults = defaults == null ? List.of() : List.copyOf(defaults);
    }

    /** One seeded sub-pool; checked like an admin request when it is seeded. */
    public record Default(
            @NotNull String id,
            @NotEmpty List<String> runtimes,
            @NotNull Long memoryMib,
            String tenant,
            @DefaultValue("1") int minSize,
            @DefaultValue("2") int maxSize) {}
}
