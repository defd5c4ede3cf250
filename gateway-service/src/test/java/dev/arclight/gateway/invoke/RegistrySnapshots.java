package dev.arclight.gateway.invoke;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.gateway.ConfigurationsTopic;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.util.Map;

/** Publishes function snapshots on the real configurations topic, as placement's registry does. */
final class RegistrySnapshots {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    /**
     * Publishes {@code tenant}'s function {@code name} with a timeout and, optionally, reserved and
     * provisioned concurrency (a JSON object of qualifier to count, e.g. {@code {"live":3}}).
     */
    void publish(String tenant, String name, int timeoutSeconds, Integer reserved, String provisionedJson)
            throws Exception {
        ConfigurationsTopic.createAsPlacementWould();
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
}
