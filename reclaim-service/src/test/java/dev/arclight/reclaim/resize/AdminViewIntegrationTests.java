package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.tenant.TenantHeader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /admin/reclaim}: the caller's own decisions, as the gateway passes the tenant on. */
class AdminViewIntegrationTests extends ReclaimIntegrationTest {

    @Test
    void theAdminViewShowsTheCallersOwnDecisionsPerVmAndWorkerWithWhatTheyReclaimed() throws Exception {
        known("w-admin", worker);
        var now = now();
        idleTwice("vm-admin", "w-admin", "t-admin", now);
        idleTwice("vm-not-theirs", "w-admin", "t-someone-else", now);
        await().atMost(WAIT).until(() -> hasStatus("t-admin", "APPLIED"));
        samples.idle("vm-admin", "w-admin", "t-admin", 160, 74 + 330, 86, now());
        await().atMost(WAIT).until(() -> hasStatus("t-admin", "DONE"));

        var view = JsonMapper.shared().readTree(admin("t-admin").body());
        assertThat(view.get("tenant").asString()).isEqualTo("t-admin");
        assertThat(view.get("reclaimedMib").asLong()).isEqualTo(352);
        assertThat(view.get("vms")).hasSize(1);
        var vm = view.get("vms").get(0);
        assertThat(vm.get("vmId").asString()).isEqualTo("vm-admin");
        assertThat(vm.get("recent").get(0).get("status").asString()).isEqualTo("DONE");
        assertThat(view.get("workers").get(0).get("workerId").asString()).isEqualTo("w-admin");
        assertThat(view.get("workers").get(0).get("reclaimedMib").asLong()).isEqualTo(352);
        assertThat(admin("t-admin").body()).doesNotContain("vm-not-theirs");

        var anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/reclaim"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> admin(String tenant) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/reclaim"))
                                .header(TenantHeader.NAME, tenant)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
