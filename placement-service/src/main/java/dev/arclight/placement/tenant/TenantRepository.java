package dev.arclight.placement.tenant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<Tenant, String> {

    @Query(value = "SELECT lpad(nextval('account_ids')::text, 12, '0')", nativeQuery = true)
    String nextAccountId();

    @Query(
            value = "INSERT INTO tenants (name, account_id, created_at) VALUES (:name, :accountId, now())"
                    + " ON CONFLICT (name) DO NOTHING",
            nativeQuery = true)
    @Modifying
    int insertIfAbsent(String name, String accountId);
}
