package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.tenant.TenantHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A function with provisioned concurrency in the registry view: its reserved arc, then overflow. */
class ReservedArcIntegrationTests extends InvokeIntegrationTest {

    private final RegistrySnapshots registry = new RegistrySnapshots();

    @Test
    void sendsTheFirstReservedCallsToTheReservedArcAndTheRestToTheUnreservedArc() throws Exception {
        var function = "hot-" + UUID.randomUUID();
        registry.publish("acme", function, 10, null, "{\"live\":2,\"1\":1}");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(arcOf(function).get("known")));
        var idle = arcOf(function);
        assertThat(idle.get("provisioned")).isEqualTo(3);
        // 3 reserved calls at 2 per instance: a reserved arc of 2 instances.
        var reservedArc = list(idle.get("reservedArc"));
        assertThat(reservedArc).hasSize(2);

        ALL.forEach(StandInPlacementInstance::holdInvocations);
        var client = WebClient.create("http://localhost:" + port);
        var calls = new ArrayList<Mono<ResponseEntity<String>>>();
        for (int i = 0; i < 5; i++) {
            calls.add(client.post()
                    .uri("/2015-03-31/functions/{name}/invocations?Qualifier=live", function)
                    .header("X-Api-Key", "acme-api-key")
                    .bodyValue("{\"call\":" + i + "}")
                    .retrieve()
                    .toEntity(String.class)
                    .cache());
        }
        calls.forEach(Mono::subscribe);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        ALL.stream().mapToInt(s -> s.received(function).size()).sum() == 5);

        // While all five are in flight: three hold the provisioned slots, two overflowed.
        var busy = arcOf(function);
        assertThat(busy.get("reservedInFlight")).isEqualTo(3);
        assertThat(busy.get("unreservedInFlight")).isEqualTo(2);
        var unreservedArc = list(busy.get("unreservedArc"));
        var received = ALL.stream()
                .flatMap(s -> s.received(function).stream().map(r -> new Landing(s.name(), r)))
                .toList();
        assertThat(received)
                .allSatisfy(
                        l -> assertThat(l.received().header(TenantHeader.NAME)).containsExactly("acme"));
        assertThat(received)
                .filteredOn(l -> l.arc().equals("reserved"))
                .hasSize(3)
                .allSatisfy(l -> assertThat(reservedArc).contains(l.instance()));
        assertThat(received)
                .filteredOn(l -> l.arc().equals("unreserved"))
                .hasSize(2)
                .allSatisfy(l -> assertThat(unreservedArc).contains(l.instance()));

        ALL.forEach(StandInPlacementInstance::release);
        var answers = Flux.merge(calls).collectList().block(Duration.ofSeconds(20));
        assertThat(answers).hasSize(5).allSatisfy(answer -> {
            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getHeaders().getFirst(InvocationHeaders.ARC)).isIn("reserved", "unreserved");
        });
        assertThat(answers)
                .filteredOn(a -> "reserved".equals(a.getHeaders().getFirst(InvocationHeaders.ARC)))
                .hasSize(3);

        // Every lease is released once the answers are complete.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var after = arcOf(function);
            assertThat(after.get("reservedInFlight")).isEqualTo(0);
            assertThat(after.get("unreservedInFlight")).isEqualTo(0);
        });
    }

    private record Landing(String instance, StandInPlacementInstance.Received received) {
        String arc() {
            return received.header(InvocationHeaders.ARC).getFirst();
        }
    }
}
