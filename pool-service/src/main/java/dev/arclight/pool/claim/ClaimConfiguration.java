package dev.arclight.pool.claim;

import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.replenish.ReplenishProperties;
import dev.arclight.pool.replenish.SubPoolTargets;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.worker.WorkerApi;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClaimProperties.class)
class ClaimConfiguration {

    /** Each claim writes off at most this many VMs whose worker failed before it answers a miss. */
    static final int ATTEMPTS = 3;

    @Bean
    ClaimService claimService(
            PooledVms vms,
            WorkerApi workers,
            PoolMetrics metrics,
            ReplenishProperties replenish,
            SubPoolTargets targets,
            ClaimProperties claims,
            Clock clock) {
        return new ClaimService(
                vms,
                workers,
                new ClaimDecision(clock, replenish.maxWarmAge(), claims.growHeadroomMib()),
                clock,
                metrics,
                ATTEMPTS,
                targets);
    }
}
