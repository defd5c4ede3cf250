package dev.arclight.gateway.invoke;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Publishes function snapshots on the real configurations topic, as placement's registry does. */
final class RegistrySnapshots {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    /**
     * Publishes {@code tenant}'s function {@code name} with a timeout and, optionally, reserved and
     * provisioned concurrency (a JSON object of qualifier to count, e.g. {@code {"live":3}}).
     */
    void publish(String tenant, String name, int timeoutSeconds, Integer reserved, String provisionedJson)
            throws Exception {
        createCompactedTopicAsPlacementWould();
        var arn = "arn:aws:lambda:us-east-1:000000000001:function:" + name;
        var json = """
                {"tenant":"%s","accountId":"000000000001","functionName":"%s","functionArn":"%s",
                 "runtime":"python3.11","handler":"app.handler","memoryMib":128,"timeoutSeconds":%d,
                 "codeSha256":"c2hhMjU2","versions":["1"],"aliases":{},
                 "reservedConcurrency":%s,"provisionedConcurrency":%s,"revision":1,
                 "lastModified":"2026-11-23T10:00:00Z"}
                """.formatted(tenant, name, arn, timeoutSeconds, reserved, provisionedJson);
        kafka.publish(Topics.FUNCTION_CONFIGURATIONS, arn, json, Map.of());
    }

    private static void createCompactedTopicAsPlacementWould() throws Exception {
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
