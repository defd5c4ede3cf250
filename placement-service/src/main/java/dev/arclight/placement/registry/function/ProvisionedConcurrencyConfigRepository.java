package dev.arclight.placement.registry.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProvisionedConcurrencyConfigRepository extends JpaRepository<ProvisionedConcurrencyConfig, Long> {

    Optional<ProvisionedConcurrencyConfig> findByFunctionIdAndQualifier(long functionId, String qualifier);

    List<ProvisionedConcurrencyConfig> findByFunctionIdOrderByQualifier(long functionId);
}
