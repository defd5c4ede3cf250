package dev.arclight.reclaim.utilization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

@SpringBootTest
// Closed after its class: a live instance in the shared consumer group would take part in
// other classes' tests.
@DirtiesContext
@WithRealInfrastructure(database = "reclaim")
class UtilizationHistoryIntegrationTests {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @Autowired
    UtilizationHistory history;

    @Test
    void storesEverySampleAWorkerPublishes() {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish("vm-1", 200, now.minusSeconds(5));
        publish("vm-1", 40, now);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> history.recent("vm-1", 10).size() == 2);
        var newest = history.recent("vm-1", 10).getFirst();
        assertThat(newest.guestUsedMemoryMib()).isEqualTo(40);
        assertThat(newest.allocatedMemoryMib()).isEqualTo(512);
        assertThat(newest.tenant()).isEqualTo("tenant-a");
        assertThat(newest.containers()).isEqualTo(1);
        assertThat(newest.sampledAt()).isEqualTo(now);
    }

    @Test
    void forgetsSamplesOlderThanTheRetention() {
        history.record(sample("vm-old", 100, Instant.now().minus(Duration.ofHours(3))));
        history.record(sample("vm-new", 100, Instant.now()));

        history.forgetOlderThan(Duration.ofHours(1));

        assertThat(history.recent("vm-old", 10)).isEmpty();
        assertThat(history.recent("vm-new", 10)).hasSize(1);
    }

    private void publish(String vmId, long usedMib, Instant sampledAt) {
        var json = """
                {"vmId":"%s","workerId":"w1","tenant":"tenant-a","allocatedMemoryMib":512,\
                "balloonMemoryMib":512,"guestUsedMemoryMib":%d,"guestAvailableMemoryMib":%d,\
                "containers":[{"containerId":"c1","functionArn":"arn:aws:lambda:us-east-1:000000000001:function:f:1",\
                "state":"IDLE","memoryLimitMib":128,"memoryUsedMib":30}],\
                "lastInvocationAt":null,"cpuPercent":2.5,"sampledAt":"%s"}""".formatted(vmId, usedMib, 512 - usedMib, sampledAt);
        kafka.publish(Topics.VM_UTILIZATION, vmId, json, Map.of());
    }

    private static VmUtilization sample(String vmId, long usedMib, Instant sampledAt) {
        return new VmUtilization(vmId, "w1", null, 256, 256, usedMib, 256 - usedMib, List.of(), null, 0, sampledAt);
    }
}
