package dev.arclight.pool.subpool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A sub-pool's row. */
@Entity
@Table(name = "sub_pools")
class SubPool {

    @Id
    private String id;

    private String runtimes;
    private long memoryMib;
    private long maxMemoryMib;
    private String tenant;
    private int minSize;
    private int maxSize;

    @Column(insertable = false, updatable = false)
    private int shortfall;

    private Instant updatedAt;

    protected SubPool() {}

    SubPool(SubPoolDefinition definition, Instant now) {
        this.id = definition.id();
        apply(definition, now);
    }

    /** Takes a new definition; says whether its VMs no longer match it (runtimes or memory changed). */
    boolean apply(SubPoolDefinition definition, Instant now) {
        var joined = Runtimes.join(definition.runtimes());
        boolean vmsStale = runtimes != null
                && (!runtimes.equals(joined)
                        || memoryMib != definition.memoryMib()
                        || maxMemoryMib != definition.maxMemoryMib());
        runtimes = joined;
        memoryMib = definition.memoryMib();
        maxMemoryMib = definition.maxMemoryMib();
        tenant = definition.tenant();
        minSize = definition.minSize();
        maxSize = definition.maxSize();
        updatedAt = now;
        return vmsStale;
    }

    String id() {
        return id;
    }

    int shortfall() {
        return shortfall;
    }

    SubPoolDefinition definition() {
        return new SubPoolDefinition(id, Runtimes.split(runtimes), memoryMib, maxMemoryMib, tenant, minSize, maxSize);
    }
}
