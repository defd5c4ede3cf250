package dev.arclight.worker.utilization;

import dev.arclight.worker.capacity.WorkerProperties;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.vm.VirtualMachines;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class UtilizationConfiguration implements SchedulingConfigurer {

    private final UtilizationProperties properties;
    private final UtilizationReporter reporter;

    UtilizationConfiguration(UtilizationProperties properties, UtilizationReporter reporter) {
        this.properties = properties;
        this.reporter = reporter;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedRateTask(reporter::reportAll, properties.utilizationInterval());
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        UtilizationReporter utilizationReporter(
                WorkerProperties worker,
                VirtualMachines vms,
                Containers containers,
                KafkaTemplate<String, Object> kafka,
                Clock clock) {
            return new UtilizationReporter(vms, new UtilizationSampler(worker.id(), vms, containers, clock), kafka);
        }

        @Bean
        BalloonWatch balloonWatch(VirtualMachines vms, UtilizationReporter reporter, UtilizationProperties properties) {
            return new BalloonWatch(
                    vms, reporter::report, properties.balloonWatchInterval(), properties.balloonWatchLimit());
        }
    }
}
