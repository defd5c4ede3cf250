package dev.arclight.pool.subpool;

import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.web.PoolException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sub-pools in PostgreSQL: defined and edited through the admin API, seeded from configuration.
 * Deleting a sub-pool, or changing the runtimes or memory its VMs were booted with, retires its
 * booting and warm VMs (replenishment destroys them and boots matching ones).
 */
@Service
public class SubPools {

    private static final Logger log = LoggerFactory.getLogger(SubPools.class);

    private final SubPoolRepository subPools;
    private final PooledVms vms;
    private final SubPoolValidator validator;
    private final Clock clock;

    SubPools(SubPoolRepository subPools, PooledVms vms, SubPoolProperties properties, Clock clock) {
        this.subPools = subPools;
        this.vms = vms;
        this.validator = new SubPoolValidator(properties.maxSize(), properties.vmMaxMemoryMib());
        this.clock = clock;
    }

    /** Creates or replaces a sub-pool; says whether it was created. */
    @Transactional
    public boolean put(String id, SubPoolRequest request) {
        var definition = validator.validate(id, request);
        var now = clock.instant();
        var existing = subPools.findById(id);
        if (existing.isEmpty()) {
            subPools.save(new SubPool(definition, now));
            log.info("sub-pool {} defined: {}", id, definition);
            return true;
        }
        if (existing.get().apply(definition, now)) {
            int retired = vms.retireSubPool(id, "sub-pool-changed", now);
            log.info("sub-pool {} changed its VMs' shape; retiring {} VMs", id, retired);
        }
        return false;
    }

    /** Creates a sub-pool unless one of that id exists. */
    @Transactional
    public void seed(String id, SubPoolRequest request) {
        if (!subPools.existsById(id)) {
            subPools.save(new SubPool(validator.validate(id, request), clock.instant()));
            log.info("seeded sub-pool {}", id);
        }
    }

    @Transactional
    public void delete(String id) {
        var subPool = subPools.findById(id).orElseThrow(() -> noSuchSubPool(id));
        subPools.delete(subPool);
        int retired = vms.retireSubPool(id, "sub-pool-gone", clock.instant());
        log.info("sub-pool {} deleted; retiring {} VMs", id, retired);
    }

    @Transactional(readOnly = true)
    public SubPoolDefinition get(String id) {
        return subPools.findById(id).map(SubPool::definition).orElseThrow(() -> noSuchSubPool(id));
    }

    @Transactional(readOnly = true)
    public List<SubPoolDefinition> all() {
        return subPools.findAll(Sort.by("id")).stream().map(SubPool::definition).toList();
    }

    /** The shortfall the last replenishment round found, per sub-pool. */
    @Transactional(readOnly = true)
    public Map<String, Integer> shortfalls() {
        return subPools.findAll().stream().collect(Collectors.toMap(SubPool::id, SubPool::shortfall));
    }

    @Transactional
    public void setShortfalls(Map<String, Integer> shortfalls) {
        shortfalls.forEach(subPools::setShortfall);
    }

    private static PoolException noSuchSubPool(String id) {
        return new PoolException(HttpStatus.NOT_FOUND, PoolErrors.NO_SUCH_SUB_POOL, "no sub-pool " + id);
    }
}
