package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.testkit.hostile.HostileRequests;
import dev.arclight.testkit.hostile.HostileRequests.Case;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same hostile requests as placement's own suite, sent by an authenticated caller through the
 * gateway to the real placement instances, so that what one of them lets through the other must
 * refuse: every answer is a 4xx in Lambda's shape within a time bound, none is a reset, a page or a
 * 5xx, and the caller's tenant (one of its own) holds afterwards exactly the one function it created
 * validly. Two attacks only the whole platform can be asked about: a forged tenant header, and a
 * payload over Invoke's limit (the gateway must answer it, not drop the connection).
 */
class HostileInputEndToEndTests {

    private static final long SEED = 20261202L;
    private static final String KEPT = "kept";
    private static final Duration EACH_REQUEST = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();

    private static HttpClient http;

    @BeforeAll
    static void createTheOneValidFunction() throws Exception {
        Platform.get();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var created =
                send("POST", "/2015-03-31/functions", JSON.writeValueAsBytes(HostileRequests.createRequest(KEPT)));
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
    }

    @AfterAll
    static void close() {
        http.close();
    }

    static Stream<Case> cases() {
        return HostileRequests.against(KEPT, SEED).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersEveryHostileRequestWithALambdaShaped4xxAndChangesNothing(Case hostile) throws Exception {
        var answer = send(hostile);

        assertLambdaShaped4xx(answer);
        assertThat(functionNames()).containsExactly(KEPT);
        assertThat(send("GET", "/2015-03-31/functions/" + KEPT, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void ignoresATenantHeaderTheCallerSetsItself() throws Exception {
        var forged = HttpRequest.newBuilder(uri("/2015-03-31/functions"))
                .timeout(EACH_REQUEST)
                .header("X-Api-Key", TestTenants.HOSTILE_API_KEY)
                .header(TenantHeader.NAME, "local")
                .GET()
                .build();
        var answer = http.send(forged, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("Functions").findValuesAsString("FunctionName"))
                .as("the caller's own tenant's functions, not local's")
                .containsExactly(KEPT);
    }

    @Test
    void answersAPayloadOverInvokesLimitWith413InLambdasShape() throws Exception {
        var answer = send("POST", "/2015-03-31/functions/" + KEPT + "/invocations", new byte[7 * 1024 * 1024]);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("RequestTooLargeException");
        assertThat(functionNames()).containsExactly(KEPT);
    }

    private static void assertLambdaShaped4xx(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType"))
                .as(answer.body())
                .isPresent();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("message").asString("")).as(answer.body()).isNotBlank();
    }

    private static List<String> functionNames() throws Exception {
        var listed = send("GET", "/2015-03-31/functions", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return JSON.readTree(listed.body()).path("Functions").findValuesAsString("FunctionName");
    }

    private static HttpResponse<String> send(Case hostile) throws Exception {
        var request = hostile.request(Platform.get().gatewayUrl().toString(), EACH_REQUEST)
                .header("X-Api-Key", TestTenants.HOSTILE_API_KEY)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        return send(new Case(
                method + " " + path,
                method,
                path,
                body == null ? Map.of() : Map.of("Content-Type", "application/json"),
                body));
    }

    private static URI uri(String rawPath) {
        return URI.create(Platform.get().gatewayUrl() + rawPath);
    }
}
