package dev.arclight.pool.replenish;

import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.subpool.SubPools;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerInventory;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class ReplenishConfiguration {

    /** {@code arclight.pool.targets}: learned (the default) or claim-rate; a test may declare its own. */
    @Bean
    @ConditionalOnMissingBean
    SubPoolTargets subPoolTargets(TargetProperties properties, SubPools subPools, Clock clock) {
        return properties.learned()
                ? new LearnedTargets(clock, properties.targetLead(), subPools::all)
                : new ClaimRateTargets();
    }

    @Bean
    Replenisher replenisher(
            PlatformTransactionManager transactionManager,
            DataSource dataSource,
            SubPools subPools,
            PooledVms vms,
            WorkerInventory inventory,
            WorkerApi workers,
            SubPoolTargets targets,
            PoolMetrics metrics,
            ReplenishProperties properties,
            Clock clock) {
        return new Replenisher(
                new TransactionTemplate(transactionManager),
                JdbcClient.create(dataSource),
                subPools,
                vms,
                inventory,
                workers,
                targets,
                metrics,
                properties,
                clock);
    }

    @Bean
    @ConditionalOnProperty(name = "arclight.pool.replenish.enabled", havingValue = "true", matchIfMissing = true)
    ReplenishmentLoop replenishmentLoop(
            Replenisher replenisher, WorkerVmReconciler reconciler, ReplenishProperties properties) {
        return new ReplenishmentLoop(replenisher, reconciler, properties);
    }

    @Bean
    WorkerVmReconciler workerVmReconciler(
            PooledVms vms, WorkerInventory inventory, WorkerApi workers, ReplenishProperties properties, Clock clock) {
        return new WorkerVmReconciler(vms, inventory, workers, properties.workerStaleness(), clock);
    }
}
