package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasesAndConcurrencyIntegrationTests extends RegistryTestSupport {

    @BeforeEach
    void twoPublishedVersions() {
        api.create(tenant, "app", zip("1"));
        api.post("/2015-03-31/functions/app/versions", tenant, Map.of());
        api.put("/2015-03-31/functions/app/code", tenant, Map.of("ZipFile", zip("2"), "Publish", true));
    }

    @Test
    void createsReadsUpdatesListsAndDeletesAliasesWithWeights() {
        var created = api.post(
                "/2015-03-31/functions/app/aliases",
                tenant,
                Map.of(
                        "Name", "live",
                        "FunctionVersion", "1",
                        "Description", "production",
                        "RoutingConfig", Map.of("AdditionalVersionWeights", Map.of("2", 0.25))));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("AliasArn").asString())
                .isEqualTo("arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:app:live");
        assertThat(created.json().path("FunctionVersion").asString()).isEqualTo("1");
        assertThat(created.json()
                        .path("RoutingConfig")
                        .path("AdditionalVersionWeights")
                        .path("2")
                        .asDouble())
                .isEqualTo(0.25);

        assertThat(api.get("/2015-03-31/functions/app/aliases/live", tenant).json())
                .isEqualTo(created.json());
        assertThat(api.get("/2015-03-31/functions/app/configuration?Qualifier=live", tenant)
                        .json()
                        .path("Version")
                        .asString())
                .isEqualTo("1");

        var updated = api.put(
                "/2015-03-31/functions/app/aliases/live",
                tenant,
                Map.of("FunctionVersion", "2", "RoutingConfig", Map.of("AdditionalVersionWeights", Map.of())));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("FunctionVersion").asString()).isEqualTo("2");
        assertThat(updated.json().path("RoutingConfig").isMissingNode()).isTrue();
        assertThat(updated.json().path("Description").asString()).isEqualTo("production");

        api.post("/2015-03-31/functions/app/aliases", tenant, Map.of("Name", "dev", "FunctionVersion", "$LATEST"));
        var all = api.get("/2015-03-31/functions/app/aliases", tenant).json().path("Aliases");
        assertThat(all).hasSize(2);
        var onTwo = api.get("/2015-03-31/functions/app/aliases?FunctionVersion=2", tenant)
                .json()
                .path("Aliases");
        assertThat(onTwo).hasSize(1);

        var blocked = api.delete("/2015-03-31/functions/app?Qualifier=2", tenant);
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.errorType()).isEqualTo("ResourceConflictException");

        assertThat(api.delete("/2015-03-31/functions/app/aliases/live", tenant).status())
                .isEqualTo(204);
        assertThat(api.get("/2015-03-31/functions/app/aliases/live", tenant).status())
                .isEqualTo(404);
        assertThat(api.delete("/2015-03-31/functions/app?Qualifier=2", tenant).status())
                .isEqualTo(204);
    }

    @Test
    void rejectsBadAliases() {
        var duplicate = Map.of("Name", "live", "FunctionVersion", "1");
        api.post("/2015-03-31/functions/app/aliases", tenant, duplicate);

        assertThat(api.post("/2015-03-31/functions/app/aliases", tenant, duplicate)
                        .status())
                .isEqualTo(409);
        assertThat(api.post("/2015-03-31/functions/app/aliases", tenant, Map.of("Name", "x", "FunctionVersion", "9"))
                        .status())
                .isEqualTo(404);
        assertThat(weighted("w1", "1", Map.of("2", 1.5)).errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(weighted("w2", "1", Map.of("2", 0.1, "3", 0.1)).status()).isEqualTo(400);
        assertThat(weighted("w3", "$LATEST", Map.of("2", 0.1)).status()).isEqualTo(400);
        assertThat(api.post("/2015-03-31/functions/app/aliases", tenant, Map.of("Name", "123", "FunctionVersion", "1"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void setsReadsAndRemovesReservedConcurrency() {
        var put = api.put("/2017-10-31/functions/app/concurrency", tenant, Map.of("ReservedConcurrentExecutions", 50));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("ReservedConcurrentExecutions").asInt()).isEqualTo(50);

        assertThat(api.get("/2019-09-30/functions/app/concurrency", tenant)
                        .json()
                        .path("ReservedConcurrentExecutions")
                        .asInt())
                .isEqualTo(50);
        assertThat(api.get("/2015-03-31/functions/app", tenant)
                        .json()
                        .path("Concurrency")
                        .path("ReservedConcurrentExecutions")
                        .asInt())
                .isEqualTo(50);

        var tooMuch =
                api.put("/2017-10-31/functions/app/concurrency", tenant, Map.of("ReservedConcurrentExecutions", 901));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorType()).isEqualTo("InvalidParameterValueException");

        assertThat(api.delete("/2017-10-31/functions/app/concurrency", tenant).status())
                .isEqualTo(204);
        assertThat(api.get("/2019-09-30/functions/app/concurrency", tenant)
                        .json()
                        .has("ReservedConcurrentExecutions"))
                .isFalse();
    }

    @Test
    void keepsProvisionedConcurrencyForPublishedVersionsAndAliases() {
        api.post("/2015-03-31/functions/app/aliases", tenant, Map.of("Name", "live", "FunctionVersion", "2"));

        var put = api.put(
                "/2019-09-30/functions/app/provisioned-concurrency?Qualifier=live",
                tenant,
                Map.of("ProvisionedConcurrentExecutions", 5));
        assertThat(put.status()).isEqualTo(202);
        assertThat(put.json().path("RequestedProvisionedConcurrentExecutions").asInt())
                .isEqualTo(5);
        assertThat(put.json().path("Status").asString()).isEqualTo("READY");

        var got = api.get("/2019-09-30/functions/app/provisioned-concurrency?Qualifier=live", tenant);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("RequestedProvisionedConcurrentExecutions").asInt())
                .isEqualTo(5);

        var latest = api.put(
                "/2019-09-30/functions/app/provisioned-concurrency?Qualifier=$LATEST",
                tenant,
                Map.of("ProvisionedConcurrentExecutions", 5));
        assertThat(latest.status()).isEqualTo(400);
        assertThat(latest.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(api.put(
                                "/2019-09-30/functions/app/provisioned-concurrency?Qualifier=42",
                                tenant,
                                Map.of("ProvisionedConcurrentExecutions", 5))
                        .status())
                .isEqualTo(404);

        assertThat(api.delete("/2019-09-30/functions/app/provisioned-concurrency?Qualifier=live", tenant)
                        .status())
                .isEqualTo(204);
        var gone = api.get("/2019-09-30/functions/app/provisioned-concurrency?Qualifier=live", tenant);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("ProvisionedConcurrencyConfigNotFoundException");
    }

    private LambdaApi.Reply weighted(String name, String version, Map<String, Double> weights) {
        return api.post(
                "/2015-03-31/functions/app/aliases",
                tenant,
                Map.of(
                        "Name",
                        name,
                        "FunctionVersion",
                        version,
                        "RoutingConfig",
                        Map.of("AdditionalVersionWeights", weights)));
    }
}
