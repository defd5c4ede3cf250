package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.createRequest;
import static dev.arclight.placement.registry.LambdaApi.with;
import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class RegistryErrorsIntegrationTests extends RegistryTestSupport {

    @LocalServerPort
    int port;

    @Test
    void refusesACallWithoutATenantWithAccessDenied() {
        var reply = api.get("/2015-03-31/functions", null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorType()).isEqualTo("AccessDeniedException");
        assertThat(reply.json().path("Type").asString()).isEqualTo("User");
        assertThat(reply.message()).isNotBlank();
    }

    @Test
    void rejectsInvalidConfigurationWithInvalidParameterValue() {
        var valid = createRequest("checked", zip("1"));
        var cases = Map.of(
                "bad runtime", with(valid, "Runtime", "cobol85"),
                "memory below range", with(valid, "MemorySize", 64),
                "memory above range", with(valid, "MemorySize", 10241),
                "timeout above range", with(valid, "Timeout", 901),
                "timeout below range", with(valid, "Timeout", 0),
                "handler missing", with(valid, "Handler", null),
                "name too long", with(valid, "FunctionName", "x".repeat(65)),
                "name with bad characters", with(valid, "FunctionName", "bad name!"),
                "description too long", with(valid, "Description", "d".repeat(257)),
                "environment over 4 KB",
                        with(valid, "Environment", Map.of("Variables", Map.of("BIG", "v".repeat(4100)))));

        cases.forEach((name, request) -> {
            var reply = api.post("/2015-03-31/functions", tenant, request);
            assertThat(reply.status()).as(name).isEqualTo(400);
            assertThat(reply.errorType()).as(name).isEqualTo("InvalidParameterValueException");
            assertThat(reply.message()).as(name).isNotBlank();
        });
        assertThat(rows("functions", tenant)).isZero();
    }

    @Test
    void acceptsAProvidedRuntimeWithoutHandler() {
        var request = with(with(createRequest("custom", zip("1")), "Runtime", "provided.al2023"), "Handler", null);

        assertThat(api.post("/2015-03-31/functions", tenant, request).status()).isEqualTo(201);
    }

    @Test
    void rejectsAPayloadThatIsNotAZipAndLeavesNothing() {
        var notAZip = api.create(tenant, "broken", "just some text".getBytes(StandardCharsets.UTF_8));
        var zip = zip(Map.of("app.py", "x = 1\n".repeat(1000), "lib.py", "y = 2\n".repeat(1000)));
        var truncated = api.create(tenant, "broken", Arrays.copyOf(zip, zip.length - 30));

        for (var reply : new LambdaApi.Reply[] {notAZip, truncated}) {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorType()).isEqualTo("InvalidParameterValueException");
        }
        assertThat(rows("functions", tenant)).isZero();
        assertThat(rows("function_versions", tenant)).isZero();
        assertThat(rows("function_code", tenant)).isZero();
        assertThat(api.get("/2015-03-31/functions/broken", tenant).status()).isEqualTo(404);
    }

    @Test
    void refusesZipsThatUnpackOutsideTheFunctionsFolderAndStoresNothing() {
        assertThat(api.create(tenant, "kept", zip("1")).status()).isEqualTo(201);
        for (var name : new String[] {"../../etc/evil", "/etc/evil"}) {
            var hostile = zip(Map.of("app.py", "x = 1\n", name, "evil\n"));

            var created = api.create(tenant, "escapes", hostile);
            var updated = api.put("/2015-03-31/functions/kept/code", tenant, Map.of("ZipFile", hostile));

            for (var reply : new LambdaApi.Reply[] {created, updated}) {
                assertThat(reply.status()).as(name).isEqualTo(400);
                assertThat(reply.errorType()).as(name).isEqualTo("InvalidParameterValueException");
                assertThat(reply.json().path("Type").asString()).isEqualTo("User");
            }
        }
        assertThat(rows("functions", tenant)).isOne();
        assertThat(rows("function_code", tenant)).isOne();
    }

    @Test
    void answersAnEncodedSlashInTheFunctionNameInLambdasShape() throws IOException {
        String response;
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET /2015-03-31/functions/a%2F..%2Fb HTTP/1.1\r\nHost: localhost\r\n" + TenantHeader.NAME
                                    + ": " + tenant + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).containsIgnoringCase("x-amzn-ErrorType: InvalidParameterValueException");
        assertThat(response).contains("\"Type\":\"User\"");
    }

    @Test
    void rejectsMalformedJsonWithInvalidRequestContent() {
        var reply = api.post("/2015-03-31/functions", tenant, "{\"FunctionName\": \"half\", \"Code\": {");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorType()).isEqualTo("InvalidRequestContentException");
        assertThat(rows("functions", tenant)).isZero();
    }

    @Test
    void answersADuplicateCreateWithConflict() {
        assertThat(api.create(tenant, "twice", zip("1")).status()).isEqualTo(201);

        var again = api.create(tenant, "twice", zip("2"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("ResourceConflictException");
    }

    @Test
    void letsExactlyOneOfTwoConcurrentCreatesWin() throws Exception {
        var code = zip("1");
        var barrier = new CyclicBarrier(2);
        Callable<Integer> create = () -> {
            barrier.await();
            return api.create(tenant, "racing", code).status();
        };
        try (var executor = Executors.newFixedThreadPool(2)) {
            var statuses = executor.invokeAll(java.util.List.of(create, create)).stream()
                    .map(RegistryErrorsIntegrationTests::get)
                    .sorted()
                    .toList();
            assertThat(statuses).containsExactly(201, 409);
        }
        assertThat(rows("functions", tenant)).isEqualTo(1);
        assertThat(rows("function_versions", tenant)).isEqualTo(1);
        assertThat(rows("function_code", tenant)).isEqualTo(1);
    }

    @Test
    void answersUnknownFunctionVersionAndAliasWithNotFound() {
        var missing = api.get("/2015-03-31/functions/ghost", tenant);
        var account = accountOf(tenant);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.message())
                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:" + account + ":function:ghost");

        api.create(tenant, "real", zip("1"));
        assertThat(api.get("/2015-03-31/functions/real/configuration?Qualifier=7", tenant)
                        .errorType())
                .isEqualTo("ResourceNotFoundException");
        assertThat(api.get("/2015-03-31/functions/real/aliases/nope", tenant).status())
                .isEqualTo(404);
        assertThat(api.put("/2015-03-31/functions/ghost/configuration", tenant, Map.of("Timeout", 5))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void keepsTenantsApart() {
        var other = newTenant();
        api.create(tenant, "mine", zip("1"));
        var arn = "arn:aws:lambda:us-east-1:" + accountOf(tenant) + ":function:mine";

        assertThat(api.get("/2015-03-31/functions/mine", other).status()).isEqualTo(404);
        assertThat(api.get("/2015-03-31/functions", other).json().path("Functions"))
                .isEmpty();
        assertThat(api.delete("/2015-03-31/functions/mine", other).status()).isEqualTo(404);
        assertThat(api.put("/2015-03-31/functions/mine/configuration", other, Map.of("Timeout", 9))
                        .status())
                .isEqualTo(404);
        var byArn = api.get("/2015-03-31/functions/" + arn, other);
        assertThat(byArn.status()).isEqualTo(403);
        assertThat(byArn.errorType()).isEqualTo("AccessDeniedException");

        // The other tenant may use the same name for a function of its own.
        assertThat(api.create(other, "mine", zip("2")).status()).isEqualTo(201);
        assertThat(api.get("/2015-03-31/functions/mine/configuration", tenant)
                        .json()
                        .path("Timeout")
                        .asInt())
                .isEqualTo(3);
        assertThat(api.get("/2015-03-31/functions/mine", tenant).status()).isEqualTo(200);
    }

    @Test
    void rejectsAZipOverFiftyMegabytesWithRequestTooLarge() {
        var big = new byte[50 * 1024 * 1024 + 1];

        var reply = api.create(tenant, "huge", big);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorType()).isEqualTo("RequestTooLargeException");
        assertThat(rows("functions", tenant)).isZero();
    }

    @Test
    void rejectsADeclaredBodyOverTheLimitBeforeReadingIt() throws IOException {
        var response = rawRequest(
                "POST /2015-03-31/functions HTTP/1.1\r\n" + "Host: localhost\r\n" + TenantHeader.NAME + ": " + tenant
                        + "\r\n" + "Content-Type: application/json\r\n" + "Content-Length: 80000000\r\n\r\n",
                out -> out.write("{\"FunctionName\":".getBytes(StandardCharsets.UTF_8)));

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).containsIgnoringCase("x-amzn-ErrorType: RequestTooLargeException");
    }

    @Test
    void cutsOffAnUndeclaredBodyOverSixMegabytes() throws IOException {
        api.create(tenant, "configured", zip("1"));
        var chunk = "d".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
        var response = rawRequest(
                "PUT /2015-03-31/functions/configured/configuration HTTP/1.1\r\n" + "Host: localhost\r\n"
                        + TenantHeader.NAME + ": " + tenant + "\r\n" + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n",
                out -> {
                    writeChunk(out, "{\"Description\":\"".getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 8; i++) {
                        writeChunk(out, chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                });

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).containsIgnoringCase("x-amzn-ErrorType: RequestTooLargeException");
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Sends a request by hand, so the test controls the headers and how much of the body is sent. */
    private String rawRequest(String head, BodyWriter body) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                body.write(out);
                out.flush();
            } catch (IOException e) {
                // The server may answer and stop reading before the body is sent; its answer counts.
            }
            return readHead(socket.getInputStream());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
