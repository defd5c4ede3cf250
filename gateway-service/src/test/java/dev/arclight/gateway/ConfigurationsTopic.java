package dev.arclight.gateway;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.RealInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The registry's compacted configurations topic, which placement creates and the gateway follows. */
public final class ConfigurationsTopic {

    private ConfigurationsTopic() {}

    /** Creates the topic on the test Kafka as placement would; nothing if it exists already. */
    public static void createAsPlacementWould() throws Exception {
        try (var admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.kafka().bootstrapServers()))) {
            var topic = new NewTopic(Topics.FUNCTION_CONFIGURATIONS, 4, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
