package dev.arclight.reclaim;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.reclaim.decision.DecisionLog;
import dev.arclight.reclaim.decision.ReclaimMetrics;
import dev.arclight.reclaim.policy.ResizePolicy;
import dev.arclight.reclaim.policy.Settlement;
import dev.arclight.reclaim.resize.PendingSweeper;
import dev.arclight.reclaim.resize.ResizeDecider;
import dev.arclight.reclaim.resize.ResizeExecutor;
import dev.arclight.reclaim.resize.SampleWindows;
import dev.arclight.reclaim.resize.WorkerResizeClient;
import dev.arclight.reclaim.worker.WorkerDirectory;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReclaimConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReclaimConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NewTopic vmResizesTopic() {
        return TopicBuilder.name(Topics.VM_RESIZES).partitions(3).build();
    }

    /**
     * An event that cannot be read (bad JSON, a field its record refuses) is skipped at once
     * (deserialization failures are never retried); one whose processing fails is tried twice more,
     * then skipped. Either way its partition moves on: one sample is not worth a stuck VM fleet.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(ReclaimMetrics metrics) {
        return new DefaultErrorHandler(
                (record, failure) -> {
                    metrics.rejectedEvent();
                    log.warn(
                            "skipped {} record at {}-{}@{}: {}",
                            record.topic(),
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            rootMessage(failure));
                },
                new FixedBackOff(500, 2));
    }

    @Bean
    SampleWindows sampleWindows(ReclaimProperties properties) {
        return new SampleWindows(properties.window());
    }

    @Bean(destroyMethod = "close")
    ResizeExecutor resizeExecutor(
            DecisionLog decisions,
            WorkerDirectory workers,
            WorkerResizeClient client,
            Clock clock,
            ReclaimProperties properties) {
        return new ResizeExecutor(decisions, workers, client, clock, properties.claimLease(), properties.decisionTtl());
    }

    @Bean
    ResizeDecider resizeDecider(
            SampleWindows windows,
            DecisionLog decisions,
            ResizeExecutor executor,
            Clock clock,
            ReclaimProperties properties) {
        return new ResizeDecider(
                windows,
                new ResizePolicy(properties.policy().settings(), clock),
                new Settlement(properties.toleranceMib(), properties.confirmWithin()),
                decisions,
                executor);
    }

    @Bean
    PendingSweeper pendingSweeper(DecisionLog decisions, ResizeExecutor executor) {
        return new PendingSweeper(decisions, executor);
    }

    private static String rootMessage(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
