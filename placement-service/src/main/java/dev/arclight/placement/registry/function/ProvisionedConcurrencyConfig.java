package dev.arclight.placement.registry.function;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How many pre-initialized instances a published version or an alias asks for. */
@Entity
@Table(name = "provisioned_concurrency_configs")
public class ProvisionedConcurrencyConfig {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long functionId;
    private String qualifier;
    private int requested;
    private Instant lastModified;

    protected ProvisionedConcurrencyConfig() {}

    public ProvisionedConcurrencyConfig(long functionId, String qualifier, int requested, Instant now) {
        this.functionId = functionId;
        this.qualifier = qualifier;
        request(requested, now);
    }

    public void request(int requested, Instant now) {
        this.requested = requested;
        this.lastModified = now;
    }

    public String qualifier() {
        return qualifier;
    }

    public int requested() {
        return requested;
    }

    public Instant lastModified() {
        return lastModified;
    }
}
