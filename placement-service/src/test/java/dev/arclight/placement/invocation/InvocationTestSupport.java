package dev.arclight.placement.invocation;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.placement.worker.StandInWorker;
import dev.arclight.placement.worker.Workers;
import dev.arclight.testkit.MutableClock;
import dev.arclight.testkit.WithRealInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Placement on a random port with real PostgreSQL and Kafka, pointed at a stand-in worker (a test
 * double of the worker API) and a clock the tests move, with an unlimited counting concurrency
 * limiter in place of the PostgreSQL-backed one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "placement", kafka = true)
@Import(InvocationTestSupport.Doubles.class)
abstract class InvocationTestSupport {

    static final JsonMapper JSON = JsonMapper.shared();
    /** Lives as long as the JVM, like the cached Spring context that calls it. */
    static final StandInWorker WORKER = new StandInWorker();
    /** This context's name on the ring; the tests set the other members ({@link FixedRingMembers}). */
    static final String SELF = "placement-under-test";

    @TestConfiguration(proxyBeanMethods = false)
    static class Doubles {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }

        @Bean
        @Primary
        CountingConcurrencyLimiter countingConcurrencyLimiter() {
            return new CountingConcurrencyLimiter();
        }

        @Bean
        @Primary
        FixedRingMembers fixedRingMembers() {
            return new FixedRingMembers(SELF);
        }
    }

    @DynamicPropertySource
    static void standInWorker(DynamicPropertyRegistry registry) {
        registry.add("arclight.placement.workers[0].id", () -> "stand-in");
        registry.add("arclight.placement.workers[0].url", () -> WORKER.url().toString());
        registry.add("arclight.placement.invoke-timeout-margin", () -> "1s");
        registry.add("arclight.placement.containers.expiry-interval", () -> "200ms");
        registry.add("arclight.placement.containers.provisioned-interval", () -> "300ms");
        // The lifecycle tests here move the clock by the fixed windows (10 min); the learnt policy has
        // its own tests (KeepAlivePlannerTests, KeepAliveStateIntegrationTests).
        registry.add("arclight.placement.keep-alive.policy", () -> "fixed");
    }

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    CountingConcurrencyLimiter limiter;

    @Autowired
    Workers workers;

    @Autowired
    FixedRingMembers members;

    String tenant;

    @BeforeEach
    void freshTenant() {
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        WORKER.failing = false;
    }

    @AfterEach
    void healWorker() {
        members.set(List.of());
        limiter.refusing.set(null);
        WORKER.failing = false;
        workers.client("stand-in").breaker().reset();
    }

    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        }

        String header(String name) {
            return headers.getFirst(name);
        }

        String errorType() {
            return headers.getFirst("x-amzn-ErrorType");
        }
    }

    Reply call(HttpMethod method, String path, Map<String, String> headers, Object body) {
        var request = client.method(method).uri(path).header(TenantHeader.NAME, tenant);
        headers.forEach(request::header);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON);
            request.body(body instanceof String text ? text : JSON.writeValueAsString(body));
        }
        var result = request.exchange().returnResult(String.class);
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
    }

    Reply invoke(String function, String payload, Map<String, String> headers) {
        return call(HttpMethod.POST, "/2015-03-31/functions/" + function + "/invocations", headers, payload);
    }

    Reply invoke(String function, String payload) {
        return invoke(function, payload, Map.of());
    }

    /** Creates a function whose stand-in behaviour its handler picks (see {@link StandInWorker}). */
    Reply createFunction(String name, String handler, int timeoutSeconds) {
        var request = new LinkedHashMap<String, Object>();
        request.put("FunctionName", name);
        request.put("Runtime", "python3.11");
        request.put("Role", "arn:aws:iam::123456789012:role/lambda");
        request.put("Handler", handler);
        request.put("Timeout", timeoutSeconds);
        request.put("Code", Map.of("ZipFile", zip(name + handler + UUID.randomUUID())));
        var reply = call(HttpMethod.POST, "/2015-03-31/functions", Map.of(), request);
        if (reply.status() != 201) {
            throw new AssertionError("CreateFunction answered " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    String accountId() {
        return jdbc.sql("SELECT account_id FROM tenants WHERE name = ?")
                .param(tenant)
                .query(String.class)
                .single();
    }

    String arn(String function, String version) {
        return "arn:aws:lambda:us-east-1:" + accountId() + ":function:" + function + ":" + version;
    }

    static byte[] zip(String content) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("app.py"));
            zip.write(("def handler(event, context):\n    return " + JSON.writeValueAsString(content) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
