package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.placement.container.ContainerKey;
import dev.arclight.placement.container.ContainerPool.ProvisionedTarget;
import dev.arclight.placement.container.ContainerSpec;
import dev.arclight.placement.container.FunctionDemand;
import dev.arclight.placement.container.ProvisionedShare;
import dev.arclight.ring.ArcRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * One placement instance, on a ring whose other members the test names, keeps only its share of
 * provisioned concurrency, takes over a leaving member's share and gives it back when the member
 * returns: containers started and stopped on the stand-in worker, from the real registry.
 */
class ProvisionedShareIntegrationTests extends InvocationTestSupport {

    private static final String PEER = "placement-peer";

    @Test
    void keepsItsShareTakesOverALeavingMembersShareAndReleasesItOnReturn() {
        members.set(List.of(PEER));
        createFunction("shared", "app.handler", 3);
        call(HttpMethod.POST, "/2015-03-31/functions/shared/versions", Map.of(), Map.of());
        // 12 at 10 per member: a reserved arc of both members, 6 each.
        var put = call(
                HttpMethod.PUT,
                "/2019-09-30/functions/shared/provisioned-concurrency?Qualifier=1",
                Map.of(),
                Map.of("ProvisionedConcurrentExecutions", 12));
        assertThat(put.status()).isBetween(200, 202);
        var arn = arn("shared", "1");

        await().atMost(Duration.ofSeconds(10)).until(() -> live(arn) == 6);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(live(arn)).isEqualTo(6);
        var view = call(HttpMethod.GET, "/admin/provisioned", Map.of(), null).json();
        assertThat(view.path("instance").asString()).isEqualTo(SELF);
        assertThat(view.path("members").toString()).isEqualTo("[\"" + PEER + "\",\"" + SELF + "\"]");
        assertThat(view.path("versions").get(0).path("provisioned").asInt()).isEqualTo(6);
        assertThat(view.path("versions").get(0).path("containers").path("idle").asInt())
                .isEqualTo(6);
        // What the peer computes from the same demand and ring: the other 6.
        assertThat(peerShare(arn)).isEqualTo(6);

        members.set(List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> live(arn) == 12);

        members.set(List.of(PEER));
        await().atMost(Duration.ofSeconds(10)).until(() -> live(arn) == 6);
        // The six it took over were started once and released, not the six it always held.
        assertThat(WORKER.startsOf(arn)).hasSize(12);
    }

    /** Containers of {@code arn} started on the worker and not stopped since. */
    private long live(String arn) {
        return WORKER.startsOf(arn).stream()
                .map(StartContainerRequest::containerId)
                .filter(id -> !WORKER.stoppedContainers.contains(id))
                .count();
    }

    private int peerShare(String arn) {
        var any = WORKER.startsOf(arn).getFirst();
        var key = new ContainerKey(tenant, arn, "1", null);
        var spec = new ContainerSpec(key, any.runtime(), any.handler(), any.memoryMib(), 3, Map.of(), "sha");
        var demand = List.of(new FunctionDemand(tenant, "shared", List.of(new ProvisionedTarget(spec, 12))));
        return new ProvisionedShare(new ArcRule(10), 128, PEER)
                .of(demand, List.of(PEER, SELF)).values().stream()
                        .mapToInt(ProvisionedTarget::count)
                        .sum();
    }
}
