package dev.arclight.gateway;

import dev.arclight.contracts.topic.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic the gateway produces accepted asynchronous invocations to. */
@Configuration(proxyBeanMethods = false)
class GatewayTopics {

    @Bean
    NewTopic asyncInvocationsTopic() {
        return TopicBuilder.name(Topics.ASYNC_INVOCATIONS).partitions(8).build();
    }
}
