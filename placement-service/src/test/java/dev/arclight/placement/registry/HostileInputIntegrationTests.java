package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.testkit.hostile.HostileRequests;
import dev.arclight.testkit.hostile.HostileRequests.Case;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile input against the registry and Invoke, through real HTTP into the real application with
 * its real PostgreSQL: every answer must be a 4xx in Lambda's shape, within a time bound, and the
 * registry must hold afterwards exactly what was created validly. The cases are the testkit's
 * {@link HostileRequests}, which the end-to-end suite also sends through the gateway.
 */
class HostileInputIntegrationTests extends RegistryTestSupport {

    private static final long SEED = 20261201L;
    private static final Duration EACH_REQUEST = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    static Stream<Case> cases() {
        return HostileRequests.against("kept", SEED).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersHostileInputWithALambdaShaped4xxAndKeepsTheRegistryConsistent(Case hostile) throws Exception {
        assertThat(api.create(tenant, "kept", zip("kept")).status()).isEqualTo(201);

        var request = hostile.request("http://localhost:" + port, EACH_REQUEST)
                .header(TenantHeader.NAME, tenant)
                .build();
        var answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType"))
                .as(answer.body())
                .isPresent();
        var body = LambdaApi.JSON.readTree(answer.body());
        assertThat(body.path("Type").asString()).isEqualTo("User");
        assertThat(body.path("message").asString()).isNotBlank();

        var listed = api.get("/2015-03-31/functions", tenant);
        assertThat(listed.json().path("Functions").findValuesAsString("FunctionName"))
                .containsExactly("kept");
        assertThat(rows("function_code", tenant)).isOne();
        assertThat(api.get("/2015-03-31/functions/kept", tenant).status()).isEqualTo(200);
    }
}
