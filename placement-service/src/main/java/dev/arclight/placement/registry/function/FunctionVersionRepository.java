package dev.arclight.placement.registry.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface FunctionVersionRepository extends JpaRepository<FunctionVersion, Long> {

    Optional<FunctionVersion> findByFunctionIdAndVersion(long functionId, int version);

    List<FunctionVersion> findByFunctionIdOrderByVersion(long functionId);

    @Query("select v from FunctionVersion v where v.functionId = :functionId and v.version > :after"
            + " order by v.version")
    List<FunctionVersion> page(long functionId, int after, Limit limit);

    Optional<FunctionVersion> findFirstByFunctionIdAndVersionGreaterThanOrderByVersionDesc(long functionId, int after);

    /** Versions of all the tenant's functions after (name, version), for ListFunctions with FunctionVersion=ALL. */
    @Query("select v from FunctionVersion v where v.tenant = :tenant"
            + " and (v.functionName > :name or (v.functionName = :name and v.version > :version))"
            + " order by v.functionName, v.version")
    List<FunctionVersion> pageAll(String tenant, String name, int version, Limit limit);

    /** $LATEST of the tenant's functions after a name, for ListFunctions. */
    @Query("select v from FunctionVersion v where v.tenant = :tenant and v.functionName > :name"
            + " and v.version = 0 order by v.functionName")
    List<FunctionVersion> pageLatest(String tenant, String name, Limit limit);
}
