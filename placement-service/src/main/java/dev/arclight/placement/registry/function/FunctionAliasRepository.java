package dev.arclight.placement.registry.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FunctionAliasRepository extends JpaRepository<FunctionAlias, Long> {

    Optional<FunctionAlias> findByFunctionIdAndName(long functionId, String name);

    List<FunctionAlias> findByFunctionIdOrderByName(long functionId);
}
