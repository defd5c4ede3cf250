package dev.arclight.testkit.hostile;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to Lambda's control API and Invoke that a Lambda-compatible service must refuse with a
 * 4xx in Lambda's shape and without changing what it holds: malformed JSON, wrong types, huge and
 * unicode names, path tricks, hostile zips, thousands of environment variables, bad invoke headers.
 * Used against placement alone and against the whole platform through the gateway, so both see the
 * same attack. Generated cases come from a seed, so a failing case reproduces by its name.
 */
public final class HostileRequests {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** One hostile call: {@code body} is sent as it is (null for none), {@code rawPath} unencoded further. */
    public record Case(String name, String method, String rawPath, Map<String, String> headers, byte[] body) {

        /** The request to {@code base} (scheme, host and port), ready for more headers. */
        public HttpRequest.Builder request(String base, Duration timeout) {
            var builder = HttpRequest.newBuilder(URI.create(base + rawPath))
                    .timeout(timeout)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            return builder;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRequests() {}

    /**
     * The cases against a tenant that holds exactly one valid function, {@code kept}; none of them may
     * create, change or delete anything.
     */
    public static List<Case> against(String kept, long seed) {
        var random = new Random(seed);
        var cases = new ArrayList<Case>();
        var functions = "/2015-03-31/functions";
        var keptPath = functions + "/" + kept;

        for (var body : new String[] {"{", "[]", "null", "\"text\"", "42", "{\"FunctionName\":", "{\"a\":1}}"}) {
            cases.add(json("malformed create " + body, "POST", functions, body));
            cases.add(json("malformed configuration " + body, "PUT", keptPath + "/configuration", body));
            cases.add(json("malformed code " + body, "PUT", keptPath + "/code", body));
            cases.add(json("malformed alias " + body, "POST", keptPath + "/aliases", body));
            cases.add(json(
                    "malformed concurrency " + body, "PUT", "/2017-10-31/functions/" + kept + "/concurrency", body));
        }
        for (int i = 0; i < 10; i++) {
            var noise = new byte[1 + random.nextInt(2048)];
            random.nextBytes(noise);
            cases.add(new Case("random bytes #" + i, "POST", functions, jsonType(), noise));
        }

        var valid = createRequest("typed");
        var wrongTypes = new LinkedHashMap<String, Object>();
        wrongTypes.put("FunctionName", Map.of("a", 1));
        wrongTypes.put("MemorySize", "big");
        wrongTypes.put("Timeout", 1e99);
        wrongTypes.put("Environment", List.of(1, 2));
        wrongTypes.put("Code", "zip");
        wrongTypes.put("Tags", List.of(1));
        wrongTypes.put("Publish", Map.of());
        wrongTypes.put("Architectures", "x86_64");
        wrongTypes.forEach((field, value) -> cases.add(
                json("wrong type " + field, "POST", functions, JSON.writeValueAsString(with(valid, field, value)))));

        for (var name : hostileNames(random, kept)) {
            cases.add(json(
                    "create named " + shorten(name),
                    "POST",
                    functions,
                    JSON.writeValueAsString(with(valid, "FunctionName", name))));
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

        for (var refused : HostileZips.refused().entrySet()) {
            var code = Base64.getEncoder().encodeToString(refused.getValue());
            cases.add(json(
                    "create with " + refused.getKey(),
                    "POST",
                    functions,
                    JSON.writeValueAsString(with(createRequest("zipped"), "Code", Map.of("ZipFile", code)))));
            cases.add(json(
                    "update code with " + refused.getKey(),
                    "PUT",
                    keptPath + "/code",
                    "{\"ZipFile\":\"" + code + "\"}"));
        }
        cases.add(json(
                "ZipFile not base64",
                "POST",
                functions,
                JSON.writeValueAsString(with(createRequest("zipped"), "Code", Map.of("ZipFile", "!!not base64!!")))));

        var many = new LinkedHashMap<String, String>();
        for (int i = 0; i < 3000; i++) {
            many.put("VAR_" + i, "v");
        }
        cases.add(json(
                "3000 environment variables",
                "PUT",
                keptPath + "/configuration",
                JSON.writeValueAsString(Map.of("Environment", Map.of("Variables", many)))));
        cases.add(json(
                "environment variable with a hostile name",
                "PUT",
                keptPath + "/configuration",
                "{\"Environment\":{\"Variables\":{\"A=B\\u0000\":\"v\"}}}"));

        var invoke = keptPath + "/invocations";
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
        return cases;
    }

    /** A valid CreateFunction request body (as a map) for a Python function named {@code name}. */
    public static Map<String, Object> createRequest(String name) {
        return createRequest(name, HostileZips.python("1"));
    }

    /** A valid CreateFunction request body for a Python function ({@code app.handler}) of {@code zip}. */
    public static Map<String, Object> createRequest(String name, byte[] zip) {
        var request = new LinkedHashMap<String, Object>();
        request.put("FunctionName", name);
        request.put("Runtime", "python3.11");
        request.put("Role", "arn:aws:iam::123456789012:role/lambda");
        request.put("Handler", "app.handler");
        request.put("Code", Map.of("ZipFile", Base64.getEncoder().encodeToString(zip)));
        return request;
    }

    private static Map<String, Object> with(Map<String, Object> request, String field, Object value) {
        var copy = new LinkedHashMap<>(request);
        copy.put(field, value);
        return copy;
    }

    private static Case json(String name, String method, String rawPath, String body) {
        return new Case(name, method, rawPath, jsonType(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> jsonType() {
        return Map.of("Content-Type", "application/json");
    }

    private static List<String> hostileNames(Random random, String kept) {
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
                kept + ":1:2"));
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

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "... (" + text.length() + " chars)" : text;
    }
}
