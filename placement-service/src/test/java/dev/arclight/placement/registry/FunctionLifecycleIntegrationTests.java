package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.createRequest;
import static dev.arclight.placement.registry.LambdaApi.with;
import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FunctionLifecycleIntegrationTests extends RegistryTestSupport {

    @Test
    void createsAFunctionAndReadsItBackAsLambdaShowsIt() throws Exception {
        var code = zip("1");
        var created = api.post(
                "/2015-03-31/functions",
                tenant,
                with(
                        with(
                                createRequest("hello", code),
                                "Environment",
                                Map.of("Variables", Map.of("GREETING", "hi"))),
                        "Tags",
                        Map.of("team", "core")));

        assertThat(created.status()).isEqualTo(201);
        var config = created.json();
        var arn = "arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:hello";
        assertThat(config.path("FunctionName").asString()).isEqualTo("hello");
        assertThat(config.path("FunctionArn").asString()).isEqualTo(arn);
        assertThat(config.path("Runtime").asString()).isEqualTo("python3.11");
        assertThat(config.path("Handler").asString()).isEqualTo("app.handler");
        assertThat(config.path("MemorySize").asInt()).isEqualTo(128);
        assertThat(config.path("Timeout").asInt()).isEqualTo(3);
        assertThat(config.path("Version").asString()).isEqualTo("$LATEST");
        assertThat(config.path("State").asString()).isEqualTo("Active");
        assertThat(config.path("CodeSize").asLong()).isEqualTo(code.length);
        assertThat(config.path("CodeSha256").asString())
                .isEqualTo(Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(code)));
        assertThat(config.path("RevisionId").asString()).matches("[0-9a-f-]{36}");
        assertThat(config.path("LastModified").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
        assertThat(config.path("Environment").path("Variables").path("GREETING").asString())
                .isEqualTo("hi");

        var fetched = api.get("/2015-03-31/functions/hello", tenant);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().path("Configuration")).isEqualTo(config);
        assertThat(fetched.json().path("Code").path("RepositoryType").asString())
                .isEqualTo("S3");
        assertThat(fetched.json().path("Code").path("Location").asString())
                .isEqualTo("http://localhost:8080/2015-03-31/functions/hello/code");
        assertThat(fetched.json().path("Tags").path("team").asString()).isEqualTo("core");

        assertThat(api.get("/2015-03-31/functions/hello/configuration", tenant).json())
                .isEqualTo(config);
        assertThat(api.get("/2015-03-31/functions/hello/code", tenant).body()).isNotNull();
    }

    @Test
    void servesThePathsLambdasModelWritesWithATrailingSlash() {
        api.create(tenant, "slashed", zip("1"));

        var list = api.get("/2015-03-31/functions/", tenant);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("Functions").path(0).path("FunctionName").asString())
                .isEqualTo("slashed");
        assertThat(api.get("/2016-08-19/account-settings/", tenant).status()).isEqualTo(200);
        assertThat(api.get("/2015-03-31/functions/slashed/aliases/", tenant).status())
                .isEqualTo(200);
    }

    @Test
    void acceptsTheFunctionAsNamePartialArnOrFullArn() {
        api.create(tenant, "named", zip("1"));
        var account = accountOf(tenant);

        for (var name : List.of(
                "named",
                account + ":function:named",
                "arn:aws:lambda:us-east-1:" + account + ":function:named",
                "arn:aws:lambda:us-east-1:" + account + ":function:named:$LATEST")) {
            var reply = api.get("/2015-03-31/functions/" + name + "/configuration", tenant);
            assertThat(reply.status()).as(name).isEqualTo(200);
            assertThat(reply.json().path("FunctionName").asString()).isEqualTo("named");
        }
    }

    @Test
    void updatesConfigurationAndCodeOfLatest() {
        var first = api.create(tenant, "evolving", zip("1")).json();

        var updated = api.put(
                "/2015-03-31/functions/evolving/configuration",
                tenant,
                Map.of("MemorySize", 512, "Timeout", 30, "Description", "now bigger"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("MemorySize").asInt()).isEqualTo(512);
        assertThat(updated.json().path("Timeout").asInt()).isEqualTo(30);
        assertThat(updated.json().path("Handler").asString()).isEqualTo("app.handler");
        assertThat(updated.json().path("RevisionId").asString())
                .isNotEqualTo(first.path("RevisionId").asString());

        var newCode = zip("2");
        var recoded = api.put("/2015-03-31/functions/evolving/code", tenant, Map.of("ZipFile", newCode));
        assertThat(recoded.status()).isEqualTo(200);
        assertThat(recoded.json().path("CodeSha256").asString())
                .isNotEqualTo(first.path("CodeSha256").asString());
        assertThat(recoded.json().path("CodeSize").asLong()).isEqualTo(newCode.length);
        assertThat(recoded.json().path("MemorySize").asInt()).isEqualTo(512);
        // The first zip is no longer used by any version, so it is gone.
        assertThat(rows("function_code", tenant)).isEqualTo(1);

        var stale = api.put(
                "/2015-03-31/functions/evolving/configuration",
                tenant,
                Map.of("Timeout", 5, "RevisionId", first.path("RevisionId").asString()));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorType()).isEqualTo("PreconditionFailedException");
    }

    @Test
    void publishesNumberedImmutableVersionsAndReusesAnUnchangedOne() {
        api.create(tenant, "versioned", zip("1"));

        var v1 = api.post("/2015-03-31/functions/versioned/versions", tenant, Map.of());
        assertThat(v1.status()).isEqualTo(201);
        assertThat(v1.json().path("Version").asString()).isEqualTo("1");
        assertThat(v1.json().path("FunctionArn").asString()).endsWith(":function:versioned:1");

        var again = api.post("/2015-03-31/functions/versioned/versions", tenant, Map.of());
        assertThat(again.json().path("Version").asString()).isEqualTo("1");

        api.put("/2015-03-31/functions/versioned/configuration", tenant, Map.of("MemorySize", 256));
        var published =
                api.put("/2015-03-31/functions/versioned/code", tenant, Map.of("ZipFile", zip("2"), "Publish", true));
        assertThat(published.json().path("Version").asString()).isEqualTo("2");

        var v1Config = api.get("/2015-03-31/functions/versioned/configuration?Qualifier=1", tenant);
        assertThat(v1Config.json().path("MemorySize").asInt()).isEqualTo(128);
        assertThat(v1Config.json().path("CodeSha256").asString())
                .isEqualTo(v1.json().path("CodeSha256").asString());

        var versions =
                api.get("/2015-03-31/functions/versioned/versions", tenant).json();
        assertThat(names(versions.path("Versions"), "Version")).containsExactly("$LATEST", "1", "2");
        assertThat(versions.path("Versions").get(0).path("FunctionArn").asString())
                .endsWith(":function:versioned:$LATEST");

        var badSha = api.post("/2015-03-31/functions/versioned/versions", tenant, Map.of("CodeSha256", "nope"));
        assertThat(badSha.status()).isEqualTo(400);

        assertThat(api.delete("/2015-03-31/functions/versioned?Qualifier=1", tenant)
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/2015-03-31/functions/versioned?Qualifier=1", tenant)
                        .status())
                .isEqualTo(404);
        var next = api.put("/2015-03-31/functions/versioned/configuration", tenant, Map.of("MemorySize", 1024));
        assertThat(next.status()).isEqualTo(200);
        assertThat(api.post("/2015-03-31/functions/versioned/versions", tenant, Map.of())
                        .json()
                        .path("Version")
                        .asString())
                .as("version numbers are never reused")
                .isEqualTo("3");
    }

    @Test
    void createWithPublishReturnsVersionOne() {
        var created =
                api.post("/2015-03-31/functions", tenant, with(createRequest("instant", zip("1")), "Publish", true));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("Version").asString()).isEqualTo("1");
    }

    @Test
    void listsFunctionsInPagesWithMarkers() {
        for (int i = 0; i < 5; i++) {
            api.create(tenant, "fn-" + i, zip(Integer.toString(i)));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            var reply =
                    api.get("/2015-03-31/functions?MaxItems=2" + (marker == null ? "" : "&Marker=" + marker), tenant);
            assertThat(reply.status()).isEqualTo(200);
            seen.addAll(names(reply.json().path("Functions"), "FunctionName"));
            marker = reply.json().path("NextMarker").isMissingNode()
                    ? null
                    : reply.json().path("NextMarker").asString();
            pages++;
        } while (marker != null);

        assertThat(seen).containsExactly("fn-0", "fn-1", "fn-2", "fn-3", "fn-4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void listsEveryVersionWithFunctionVersionAll() {
        api.create(tenant, "a", zip("1"));
        api.post("/2015-03-31/functions/a/versions", tenant, Map.of());
        api.create(tenant, "b", zip("2"));

        var first = api.get("/2015-03-31/functions?FunctionVersion=ALL&MaxItems=2", tenant)
                .json();
        var second = api.get(
                        "/2015-03-31/functions?FunctionVersion=ALL&MaxItems=2&Marker="
                                + first.path("NextMarker").asString(),
                        tenant)
                .json();

        assertThat(arns(first)).containsExactly("a:$LATEST", "a:1");
        assertThat(arns(second)).containsExactly("b:$LATEST");
        assertThat(second.path("NextMarker").isMissingNode()).isTrue();
        assertThat(names(api.get("/2015-03-31/functions", tenant).json().path("Functions"), "Version"))
                .containsExactly("$LATEST", "$LATEST");
    }

    @Test
    void deletesAFunctionWithEverythingItHolds() {
        api.create(tenant, "doomed", zip("1"));
        api.post("/2015-03-31/functions/doomed/versions", tenant, Map.of());
        api.post("/2015-03-31/functions/doomed/aliases", tenant, Map.of("Name", "live", "FunctionVersion", "1"));

        assertThat(api.delete("/2015-03-31/functions/doomed", tenant).status()).isEqualTo(204);

        assertThat(api.get("/2015-03-31/functions/doomed", tenant).status()).isEqualTo(404);
        assertThat(rows("functions", tenant)).isZero();
        assertThat(rows("function_versions", tenant)).isZero();
        assertThat(rows("function_code", tenant)).isZero();
        assertThat(api.delete("/2015-03-31/functions/doomed", tenant).status()).isEqualTo(404);
    }

    @Test
    void reportsAccountLimitsAndUsage() {
        var code = zip("1");
        api.create(tenant, "counted", code);
        api.post("/2015-03-31/functions/counted/versions", tenant, Map.of());
        api.put("/2017-10-31/functions/counted/concurrency", tenant, Map.of("ReservedConcurrentExecutions", 100));

        var settings = api.get("/2016-08-19/account-settings", tenant);

        assertThat(settings.status()).isEqualTo(200);
        var limit = settings.json().path("AccountLimit");
        assertThat(limit.path("ConcurrentExecutions").asInt()).isEqualTo(1000);
        assertThat(limit.path("UnreservedConcurrentExecutions").asInt()).isEqualTo(900);
        assertThat(limit.path("CodeSizeZipped").asLong()).isEqualTo(52428800L);
        assertThat(limit.path("CodeSizeUnzipped").asLong()).isEqualTo(262144000L);
        assertThat(limit.path("TotalCodeSize").asLong()).isPositive();
        var usage = settings.json().path("AccountUsage");
        assertThat(usage.path("FunctionCount").asLong()).isEqualTo(1);
        assertThat(usage.path("TotalCodeSize").asLong()).isEqualTo(2L * code.length);
    }

    private static List<String> names(JsonNode items, String field) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path(field).asString()));
        return names;
    }

    private static List<String> arns(JsonNode page) {
        return names(page.path("Functions"), "FunctionArn").stream()
                .map(arn -> arn.substring(arn.indexOf(":function:") + ":function:".length()))
                .toList();
    }
}
