package dev.arclight.placement.registry;

import static dev.arclight.placement.registry.LambdaApi.createRequest;
import static dev.arclight.placement.registry.LambdaApi.with;
import static dev.arclight.placement.registry.LambdaApi.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile input against the registry and Invoke, through real HTTP into the real application with
 * its real PostgreSQL: every answer must be a 4xx in Lambda's shape, within a time bound, and the
 * registry must hold afterwards exactly what was created validly. Generated cases come from a fixed
 * seed, so a failure names a case that reproduces.
 */
class HostileInputIntegrationTests extends RegistryTestSupport {

    private static final long SEED = 20261201L;
    private static final Duration EACH_REQUEST = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    /** One hostile call: {@code body} is sent as it is (null for none). */
    record Case(String name, String method, String rawPath, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var random = new Random(SEED);
        var cases = new ArrayList<Case>();
        var functions = "/2015-03-31/functions";
        var kept = functions + "/kept";

        for (var body : new String[] {"{", "[]", "null", "\"text\"", "42", "{\"FunctionName\":", "{\"a\":1}}"}) {
            cases.add(json("malformed create " + body, "POST", functions, body));
            cases.add(json("malformed configuration " + body, "PUT", kept + "/configuration", body));
            cases.add(json("malformed code " + body, "PUT", kept + "/code", body));
            cases.add(json("malformed alias " + body, "POST", kept + "/aliases", body));
            cases.add(json("malformed concurrency " + body, "PUT", "/2017-10-31/functions/kept/concurrency", body));
        }
        for (int i = 0; i < 10; i++) {
            var noise = new byte[1 + random.nextInt(2048)];
            random.nextBytes(noise);
            cases.add(new Case("random bytes #" + i, "POST", functions, jsonType(), noise));
        }

        var valid = createRequest("typed", zip("1"));
        var wrongTypes = new LinkedHashMap<String, Object>();
        wrongTypes.put("FunctionName", Map.of("a", 1));
        wrongTypes.put("MemorySize", "big");
        wrongTypes.put("Timeout", 1e99);
        wrongTypes.put("Environment", List.of(1, 2));
        wrongTypes.put("Code", "zip");
        wrongTypes.put("Tags", List.of(1));
        wrongTypes.put("Publish", Map.of());
        wrongTypes.put("Architectures", "x86_64");
        wrongTypes.forEach((field, value) -> cases.add(json(
                "wrong type " + field,
                "POST",
                functions,
                LambdaApi.JSON.writeValueAsString(with(valid, field, value)))));

        for (var name : hostileNames(random)) {
            cases.add(json(
                    "create named " + shorten(name),
                    "POST",
                    functions,
                    LambdaApi.JSON.writeValueAsString(with(valid, "FunctionName", name))));
        }
        for (var path : new String[] {
            "%2e%2e",
            "..%2F..%2Fetc",
            "a%2Fb",
            "a%5Cb",
            "%00",
            "%E5%87%BD%E6%95%B0",
            "%F0%9F%98%80",
            "x".repeat(1000),
            "a%20b"
        }) {
            cases.add(new Case("get " + shorten(path), "GET", functions + "/" + path, Map.of(), null));
            cases.add(new Case("delete " + shorten(path), "DELETE", functions + "/" + path, Map.of(), null));
        }

        var code = (String) null;
        for (var zipCase : hostileZips().entrySet()) {
            code = Base64.getEncoder().encodeToString(zipCase.getValue());
            cases.add(json(
                    "create with " + zipCase.getKey(),
                    "POST",
                    functions,
                    "{\"FunctionName\":\"zipped\",\"Runtime\":\"python3.11\",\"Role\":\"arn:aws:iam::123456789012:role/r\","
                            + "\"Handler\":\"app.handler\",\"Code\":{\"ZipFile\":\"" + code + "\"}}"));
            cases.add(json(
                    "update code with " + zipCase.getKey(), "PUT", kept + "/code", "{\"ZipFile\":\"" + code + "\"}"));
        }
        cases.add(json(
                "ZipFile not base64",
                "POST",
                functions,
                "{\"FunctionName\":\"zipped\",\"Runtime\":\"python3.11\","
                        + "\"Role\":\"r\",\"Handler\":\"app.handler\",\"Code\":{\"ZipFile\":\"!!not base64!!\"}}"));

        var many = new LinkedHashMap<String, String>();
        for (int i = 0; i < 3000; i++) {
            many.put("VAR_" + i, "v");
        }
        cases.add(json(
                "3000 environment variables",
                "PUT",
                kept + "/configuration",
                LambdaApi.JSON.writeValueAsString(Map.of("Environment", Map.of("Variables", many)))));
        cases.add(json(
                "environment variable with a hostile name",
                "PUT",
                kept + "/configuration",
                "{\"Environment\":{\"Variables\":{\"A=B\\u0000\":\"v\"}}}"));

        var invoke = kept + "/invocations";
        cases.add(json("invoke with a payload that is not JSON", "POST", invoke, "{oops"));
        cases.add(new Case(
                "invoke with a client context that is not base64",
                "POST",
                invoke,
                Map.of("Content-Type", "application/json", "X-Amz-Client-Context", "%%%"),
                "{}".getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case(
                "invoke with an unknown invocation type",
                "POST",
                invoke,
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Sideways"),
                "{}".getBytes(StandardCharsets.UTF_8)));
        cases.add(json(
                "invoke a 1000-character name", "POST", functions + "/" + "n".repeat(1000) + "/invocations", "{}"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersHostileInputWithALambdaShaped4xxAndKeepsTheRegistryConsistent(Case hostile) throws Exception {
        assertThat(api.create(tenant, "kept", zip("kept")).status()).isEqualTo(201);

        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + hostile.rawPath()))
                .timeout(EACH_REQUEST)
                .header(TenantHeader.NAME, tenant)
                .method(
                        hostile.method(),
                        hostile.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        hostile.headers().forEach(builder::header);
        var answer = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());

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

    private static Case json(String name, String method, String rawPath, String body) {
        return new Case(name, method, rawPath, jsonType(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> jsonType() {
        return Map.of("Content-Type", "application/json");
    }

    private static List<String> hostileNames(Random random) {
        var names = new ArrayList<>(List.of(
                "x".repeat(10_000),
                "函数",
                "ñame",
                "\uD83D\uDE00",
                "../etc",
                "a/b",
                "",
                " ",
                "\u202Eevil",
                "a\u0000b",
                "arn:aws:lambda:us-east-1:999999999999:function:other",
                "kept:1:2"));
        for (int i = 0; i < 10; i++) {
            var name = new StringBuilder();
            int length = 1 + random.nextInt(100);
            while (name.length() < length) {
                name.appendCodePoint(0x20 + random.nextInt(0x2FFF));
            }
            if (!name.toString().matches("[a-zA-Z0-9-_]{1,64}")) {
                names.add(name.toString());
            }
        }
        return names;
    }

    /** Zips Lambda must refuse: path tricks, links, bombs, too many entries, broken bytes. */
    private static Map<String, byte[]> hostileZips() {
        var zips = new LinkedHashMap<String, byte[]>();
        zips.put("traversal", zip(Map.of("../../etc/evil", "x")));
        zips.put("absolute path", zip(Map.of("/etc/evil", "x")));
        zips.put("backslashes", zip(Map.of("..\\..\\evil", "x")));
        zips.put("symlink", symlink());
        zips.put("bomb", bomb());
        zips.put("20,001 entries", entries(20_001));
        var truncated = zip("1");
        zips.put("truncated", java.util.Arrays.copyOf(truncated, truncated.length / 2));
        return zips;
    }

    private static byte[] symlink() {
        var zip = zip(Map.of("link", "/etc/passwd"));
        int end = zip.length - 22;
        int directory = (zip[end + 16] & 0xff) | (zip[end + 17] & 0xff) << 8 | (zip[end + 18] & 0xff) << 16;
        zip[directory + 5] = 3;
        int mode = 0120777 << 16;
        for (int i = 0; i < 4; i++) {
            zip[directory + 38 + i] = (byte) (mode >> (8 * i));
        }
        return zip;
    }

    /** 300 MB of zeros, deflated to well under a megabyte. */
    private static byte[] bomb() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros"));
            var block = new byte[1024 * 1024];
            for (int i = 0; i < 300; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] entries(int count) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "... (" + text.length() + " chars)" : text;
    }
}
