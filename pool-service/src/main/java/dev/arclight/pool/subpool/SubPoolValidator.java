package dev.arclight.pool.subpool;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.pool.web.PoolException;
import java.util.HashSet;
import java.util.regex.Pattern;

/**
 * Checks a sub-pool definition (admin request or seeded default) and turns it into a {@link
 * SubPoolDefinition}, or refuses it with a 400 saying which field is wrong.
 *
 * <p>Rules: the id is {@code [a-z0-9][a-z0-9-]{0,62}}; runtimes are 1-4 distinct {@link
 * Runtimes#KNOWN known} runtimes; memory is 128-10240 MiB; the tenant is absent or a plain name;
 * {@code 0 <= minSize <= maxSize <= bound}. Each VM may grow to {@code max(memory, vmMaxMemoryMib)}.
 */
public final class SubPoolValidator {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final int sizeBound;
    private final long vmMaxMemoryMib;

    public SubPoolValidator(int sizeBound, long vmMaxMemoryMib) {
        this.sizeBound = sizeBound;
        this.vmMaxMemoryMib = vmMaxMemoryMib;
    }

    public SubPoolDefinition validate(String id, SubPoolRequest request) {
        if (id == null || !ID.matcher(id).matches()) {
            throw PoolException.invalid("sub-pool id must match " + ID.pattern());
        }
        if (request == null) {
            throw PoolException.invalid("a sub-pool definition is required");
        }
        var runtimes = request.runtimes();
        if (runtimes == null || runtimes.isEmpty() || runtimes.size() > 4) {
            throw PoolException.invalid("runtimes must name 1 to 4 runtimes of " + Runtimes.KNOWN);
        }
        for (var runtime : runtimes) {
            if (!Runtimes.known(runtime)) {
                throw PoolException.invalid("unknown runtime " + runtime + "; known: " + Runtimes.KNOWN);
            }
        }
        if (new HashSet<>(runtimes).size() != runtimes.size()) {
            throw PoolException.invalid("runtimes must not name a runtime twice");
        }
        var memory = request.memoryMib();
        if (memory == null || memory < Runtimes.MIN_MEMORY_MIB || memory > Runtimes.MAX_MEMORY_MIB) {
            throw PoolException.invalid(
                    "memoryMib must be between " + Runtimes.MIN_MEMORY_MIB + " and " + Runtimes.MAX_MEMORY_MIB);
        }
        if (request.tenant() != null && !TENANT.matcher(request.tenant()).matches()) {
            throw PoolException.invalid("tenant must be absent or match " + TENANT.pattern());
        }
        if (request.minSize() == null || request.maxSize() == null) {
            throw PoolException.invalid("minSize and maxSize are required");
        }
        int min = request.minSize();
        int max = request.maxSize();
        if (min < 0 || min > max || max > sizeBound) {
            throw PoolException.invalid("sizes must satisfy 0 <= minSize <= maxSize <= " + sizeBound + ", got minSize "
                    + min + " and maxSize " + max);
        }
        return new SubPoolDefinition(
                id, runtimes, memory, Math.max(memory, vmMaxMemoryMib), request.tenant(), min, max);
    }
}
