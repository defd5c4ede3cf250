package dev.arclight.pool.subpool;

import dev.arclight.contracts.pool.SubPoolRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Creates the configured default sub-pools that do not exist yet, so that a fresh stack has warm
 * VMs without any admin call. One an operator edited is left as it is; one deleted comes back at the
 * next start unless it is removed from the configuration too.
 */
@Component
class SubPoolSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SubPoolSeeder.class);

    private final SubPools subPools;
    private final SubPoolProperties properties;

    SubPoolSeeder(SubPools subPools, SubPoolProperties properties) {
        this.subPools = subPools;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (var d : properties.defaults()) {
            try {
                subPools.seed(
                        d.id(), new SubPoolRequest(d.runtimes(), d.memoryMib(), d.tenant(), d.minSize(), d.maxSize()));
            } catch (DataIntegrityViolationException e) {
                // Another pool instance seeded it at the same moment.
                log.debug("sub-pool {} was seeded concurrently", d.id());
            }
        }
    }
}
