package dev.arclight.placement.registry.function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What a tenant uses of its account's limits: functions, code, reserved concurrency. */
@Component
public class TenantUsage {

    private final FunctionRepository functions;
    private final FunctionCodeStore code;
    private final JdbcClient jdbc;

    TenantUsage(FunctionRepository functions, FunctionCodeStore code, JdbcClient jdbc) {
        this.functions = functions;
        this.code = code;
        this.jdbc = jdbc;
    }

    /** Locks the tenant's row until the transaction ends, so checks across its functions take turns. */
    public void lockTenant(String tenant) {
        jdbc.sql("SELECT name FROM tenants WHERE name = ? FOR UPDATE")
                .params(tenant)
                .query(String.class)
                .list();
    }

    public long reservedExcept(String tenant, long functionId) {
        return functions.reservedConcurrencyExcept(tenant, functionId);
    }

    public long reserved(String tenant) {
        return functions.reservedConcurrencyExcept(tenant, -1);
    }

    public long functionCount(String tenant) {
        return functions.countByTenant(tenant);
    }

    public long totalCodeSize(String tenant) {
        return code.totalCodeSize(tenant);
    }
}
