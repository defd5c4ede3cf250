package dev.arclight.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.gateway.ConfigurationsTopic;
import dev.arclight.gateway.GatewayIntegrationTest;
import dev.arclight.gateway.auth.TenantAuthenticationIntegrationTests;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The gateway starts before the configurations topic exists (nothing in this JVM creates it until
 * the test does, as placement would), then follows what is published on it.
 */
class FunctionRegistryViewIntegrationTests extends GatewayIntegrationTest {

    /** The tenant of the {@code acme-api-key} in {@link GatewayIntegrationTest}. */
    private static final String TENANT = "acme";

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    @Test
    void followsSnapshotsAndTombstonesAndIgnoresALateOlderRevision() throws Exception {
        ConfigurationsTopic.createAsPlacementWould();
        var prefix = "f" + UUID.randomUUID().toString().substring(0, 8) + "-";
        var hello = arn(TENANT, prefix + "hello");
        var other = arn(TENANT, prefix + "other");

        kafka.publish(
                Topics.FUNCTION_CONFIGURATIONS, hello, snapshotJson(TENANT, hello, prefix + "hello", 2, 256), Map.of());
        kafka.publish(
                Topics.FUNCTION_CONFIGURATIONS, other, snapshotJson(TENANT, other, prefix + "other", 1, 128), Map.of());
        awaitFunctions(
                prefix,
                functions -> assertThat(functions)
                        .extracting(f -> f.get("functionName") + "@" + f.get("memoryMib"))
                        .containsExactly(prefix + "hello@256", prefix + "other@128"));

        // Revision 1 of hello arrives after revision 2: the view keeps revision 2.
        kafka.publish(
                Topics.FUNCTION_CONFIGURATIONS, hello, snapshotJson(TENANT, hello, prefix + "hello", 1, 128), Map.of());
        kafka.publish(
                Topics.FUNCTION_CONFIGURATIONS, other, snapshotJson(TENANT, other, prefix + "other", 2, 512), Map.of());
        awaitFunctions(
                prefix,
                functions -> assertThat(functions)
                        .extracting(f -> f.get("functionName") + "@" + f.get("memoryMib"))
                        .containsExactly(prefix + "hello@256", prefix + "other@512"));

        kafka.publish(Topics.FUNCTION_CONFIGURATIONS, hello, null, Map.of());
        awaitFunctions(
                prefix,
                functions -> assertThat(functions)
                        .extracting(f -> f.get("functionName"))
                        .containsExactly(prefix + "other"));
    }

    @Test
    void showsEachTenantOnlyItsOwnFunctionsAndNobodyWithoutCredentials() throws Exception {
        ConfigurationsTopic.createAsPlacementWould();
        var name = "f" + UUID.randomUUID().toString().substring(0, 8) + "-secret";
        var function = arn(TENANT, name);
        kafka.publish(Topics.FUNCTION_CONFIGURATIONS, function, snapshotJson(TENANT, function, name, 1, 128), Map.of());
        awaitFunctions(name, functions -> assertThat(functions).hasSize(1));

        // Asking for another tenant by name changes nothing: the credentials decide.
        var path = "/admin/functions?tenant=" + TENANT;
        var seenByLocal =
                functionsSeenWith(signed("GET", path, new byte[0], "arclight", "arclight", Clock.systemUTC()), path);
        assertThat(seenByLocal).extracting(f -> f.get("functionName")).doesNotContain(name);

        TenantAuthenticationIntegrationTests.expectLambdaError(
                http.get().uri("/admin/functions").exchange(),
                HttpStatus.FORBIDDEN,
                "MissingAuthenticationTokenException");
    }

    /** Polls, as tenant acme, until its functions named with {@code prefix} meet the expectation. */
    private void awaitFunctions(String prefix, Consumer<List<Map<String, Object>>> expectation) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    var acme = new HttpHeaders();
                    acme.set("X-Api-Key", "acme-api-key");
                    var functions = functionsSeenWith(acme, "/admin/functions");
                    expectation.accept(functions.stream()
                            .filter(f -> String.valueOf(f.get("functionName")).startsWith(prefix))
                            .toList());
                });
    }

    private List<Map<String, Object>> functionsSeenWith(HttpHeaders credentials, String path) {
        return http.get()
                .uri(path)
                .headers(h -> h.addAll(credentials))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    private static String arn(String tenant, String name) {
        return "arn:aws:lambda:us-east-1:" + tenant + ":function:" + name;
    }

    /** The wire format placement publishes: the fields of FunctionSnapshot, no type headers. */
    private static String snapshotJson(String tenant, String arn, String name, long revision, int memoryMib) {
        return """
                {"tenant":"%s","accountId":"000000000001","functionName":"%s",
                 "functionArn":"%s",
                 "runtime":"python3.12","handler":"app.handler","memoryMib":%d,"timeoutSeconds":3,
                 "codeSha256":"c2hhMjU2","versions":["1"],
                 "aliases":{"live":{"name":"live","functionVersion":"1","additionalVersion":null,"additionalVersionWeight":0.0}},
                 "reservedConcurrency":null,"provisionedConcurrency":{},"revision":%d,
                 "lastModified":"2026-11-23T10:00:00Z"}
                """.formatted(tenant, name, arn, memoryMib, revision);
    }
}
