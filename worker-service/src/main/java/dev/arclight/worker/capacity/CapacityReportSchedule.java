package dev.arclight.worker.capacity;

import dev.arclight.contracts.topic.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Reports capacity at the configured interval, and creates the topic it reports on. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CapacityReportSchedule implements SchedulingConfigurer {

    private final CapacityReporter reporter;
    private final WorkerProperties worker;

    CapacityReportSchedule(CapacityReporter reporter, WorkerProperties worker) {
        this.reporter = reporter;
        this.worker = worker;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedRateTask(reporter::report, worker.capacityReportInterval());
    }

    @Bean
    NewTopic workerCapacityTopic() {
        // Compacted: a consumer that starts late still sees the last report of every worker.
        return TopicBuilder.name(Topics.WORKER_CAPACITY).partitions(4).compact().build();
    }

    @Bean
    NewTopic vmUtilizationTopic() {
        return TopicBuilder.name(Topics.VM_UTILIZATION).partitions(4).build();
    }
}
