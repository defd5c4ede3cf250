package dev.arclight.reclaim.resize;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Publishes what workers publish, as the JSON they send. */
final class Samples {

    private final KafkaTestClient kafka;

    Samples(KafkaTestClient kafka) {
        this.kafka = kafka;
    }

    void capacity(String workerId, URI url) {
        kafka.publish(Topics.WORKER_CAPACITY, workerId, """
                {"workerId":"%s","apiUrl":"%s","memoryMib":16000,"committedMemoryMib":512,"vcpus":4,\
                "committedVcpus":1,"vms":1,"reportedAt":"%s"}""".formatted(workerId, url, Instant.now()), Map.of());
    }

    /** An idle tenant VM of 512 MiB, last called five minutes before {@code at}. */
    String idle(String vmId, String workerId, String tenant, long balloon, long used, long available, Instant at) {
        var json = """
                {"vmId":"%s","workerId":"%s","tenant":"%s","allocatedMemoryMib":512,\
                "balloonMemoryMib":%d,"guestUsedMemoryMib":%d,"guestAvailableMemoryMib":%d,\
                "containers":[{"containerId":"c-%s","functionArn":"arn:aws:lambda:us-east-1:000000000001:function:f:1",\
                "state":"IDLE","memoryLimitMib":512,"memoryUsedMib":30}],\
                "lastInvocationAt":"%s","cpuPercent":0.5,"sampledAt":"%s"}""".formatted(vmId, workerId, tenant, balloon, used, available, vmId, at.minusSeconds(300), at);
        raw(vmId, json);
        return json;
    }

    void raw(String key, String json) {
        kafka.publish(Topics.VM_UTILIZATION, key, json, Map.of());
    }
}
