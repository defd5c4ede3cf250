package dev.arclight.placement.registry.function;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface FunctionRepository extends JpaRepository<RegisteredFunction, Long> {

    Optional<RegisteredFunction> findByTenantAndName(String tenant, String name);

    /** The function, locked until the transaction ends: every writer of a function goes through this. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from RegisteredFunction f where f.tenant = :tenant and f.name = :name")
    Optional<RegisteredFunction> lockByTenantAndName(String tenant, String name);

    boolean existsByTenantAndName(String tenant, String name);

    long countByTenant(String tenant);

    @Query("select coalesce(sum(f.reservedConcurrency), 0) from RegisteredFunction f"
            + " where f.tenant = :tenant and f.id <> :except")
    long reservedConcurrencyExcept(String tenant, long except);
}
