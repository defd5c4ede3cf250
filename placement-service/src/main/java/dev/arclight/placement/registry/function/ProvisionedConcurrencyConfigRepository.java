package dev.arclight.placement.registry.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ProvisionedConcurrencyConfigRepository extends JpaRepository<ProvisionedConcurrencyConfig, Long> {

    Optional<ProvisionedConcurrencyConfig> findByFunctionIdAndQualifier(long functionId, String qualifier);

    List<ProvisionedConcurrencyConfig> findByFunctionIdOrderByQualifier(long functionId);

    @Query("select new dev.arclight.placement.registry.function.ProvisionedRequests$Row("
            + "f.tenant, f.name, p.qualifier, p.requested)"
            + " from ProvisionedConcurrencyConfig p, RegisteredFunction f where f.id = p.functionId"
            + " order by f.tenant, f.name, p.qualifier")
    List<ProvisionedRequests.Row> findAllRows();
}
