package dev.arclight.worker.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.worker.id=worker-under-test",
            "arclight.worker.capacity-report-interval=200ms",
            "arclight.worker.libvirt-uri=test:///default",
            "arclight.worker.accel=tcg",
            "arclight.worker.vm-dir=${java.io.tmpdir}/arclight-capacity-test-vms"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure
class CapacityReportingIntegrationTests {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @Autowired
    HostResources host;

    @Autowired
    RestTestClient http;

    @Test
    void publishesTheHostCapacityOfThisWorkerOnKafka() {
        var record = kafka.awaitRecord(
                Topics.WORKER_CAPACITY, r -> "worker-under-test".equals(r.key()), Duration.ofSeconds(60));

        assertThat(record).isPresent();
        var json = JsonMapper.shared().readTree(record.get().value());
        assertThat(json.get("workerId").asString()).isEqualTo("worker-under-test");
        assertThat(json.get("memoryMib").asLong()).isEqualTo(host.memoryMib()).isPositive();
        assertThat(json.get("vcpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("reportedAt").asString()).isNotBlank();
    }

    @Test
    void createsItsTopicsWithCompactionForCapacity() {
        kafka.awaitRecord(Topics.WORKER_CAPACITY, r -> "worker-under-test".equals(r.key()), Duration.ofSeconds(60));
        var topics = kafka.describeTopics(List.of(Topics.WORKER_CAPACITY, Topics.VM_UTILIZATION));
        assertThat(topics).hasSize(2).allSatisfy(t -> assertThat(t.partitions()).hasSize(4));
        assertThat(kafka.topicConfig(Topics.WORKER_CAPACITY, "cleanup.policy")).isEqualTo("compact");
        assertThat(kafka.topicConfig(Topics.VM_UTILIZATION, "cleanup.policy")).isEqualTo("delete");
    }

    @Test
    void reportsHealthAndPrometheusMetrics() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.hypervisor.details.accel")
                .isEqualTo("tcg")
                .jsonPath("$.components.hypervisor.details.libvirtUri")
                .isEqualTo("test:///default");
        http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("jvm_memory_used_bytes")
                        .containsPattern("arclight_worker_hypervisor\\{[^}]*accel=\"tcg\"")
                        .containsPattern("arclight_worker_memory_mebibytes\\{[^}]*kind=\"host\"[^}]*} [1-9]"));
    }
}
