package dev.arclight.placement.tenant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account on the platform: the owner of functions and the unit of isolation. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private String name;

    private String accountId;
    private Instant createdAt;

    protected Tenant() {}

    Tenant(String name, String accountId, Instant createdAt) {
        this.name = name;
        this.accountId = accountId;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    /** The 12-digit id that Lambda ARNs carry. */
    public String accountId() {
        return accountId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
