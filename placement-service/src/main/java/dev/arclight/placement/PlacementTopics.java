package dev.arclight.placement;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.placement.async.AsyncProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics placement produces to; it creates them, its consumers never do. */
@Configuration(proxyBeanMethods = false)
class PlacementTopics {

    @Bean
    NewTopic functionConfigurationsTopic() {
        // Compacted: the latest configuration of every function stays, so a new gateway can build
        // its view of the registry from the topic alone.
        return TopicBuilder.name(Topics.FUNCTION_CONFIGURATIONS)
                .partitions(4)
                .compact()
                .build();
    }

    /**
     * Placement produces accepted events here (the gateway hands {@code Event} calls to placement).
     * Its partitions bound how many events run at once across all instances, one per partition.
     */
    @Bean
    NewTopic asyncInvocationsTopic(AsyncProperties async) {
        return TopicBuilder.name(Topics.ASYNC_INVOCATIONS)
                .partitions(async.partitions())
                .build();
    }

    @Bean
    NewTopic asyncInvocationsDeadLetterTopic() {
        return TopicBuilder.name(Topics.ASYNC_INVOCATIONS_DEAD_LETTER)
                .partitions(4)
                .build();
    }
}
