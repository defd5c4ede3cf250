package dev.arclight.placement.registry;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.testkit.hostile.HostileRequests;
import dev.arclight.testkit.hostile.HostileZips;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the registry as an AWS SDK behind the gateway would: Lambda's paths, JSON bodies, the tenant header. */
final class LambdaApi {

    static final JsonMapper JSON = JsonMapper.shared();

    private final RestTestClient client;

    LambdaApi(RestTestClient client) {
        this.client = client;
    }

    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        }

        String errorType() {
            return headers.getFirst("x-amzn-ErrorType");
        }

        String message() {
            return json().path("message").asString();
        }
    }

    Reply call(HttpMethod method, String path, String tenant, Object body) {
        var request = client.method(method).uri(path);
        if (tenant != null) {
            request.header(TenantHeader.NAME, tenant);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON);
            request.body(body instanceof String text ? text : JSON.writeValueAsString(body));
        }
        var result = request.exchange().returnResult(String.class);
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
    }

    Reply get(String path, String tenant) {
        return call(HttpMethod.GET, path, tenant, null);
    }

    Reply post(String path, String tenant, Object body) {
        return call(HttpMethod.POST, path, tenant, body);
    }

    Reply put(String path, String tenant, Object body) {
        return call(HttpMethod.PUT, path, tenant, body);
    }

    Reply delete(String path, String tenant) {
        return call(HttpMethod.DELETE, path, tenant, null);
    }

    Reply create(String tenant, String name, byte[] zip) {
        return post("/2015-03-31/functions", tenant, createRequest(name, zip));
    }

    static Map<String, Object> createRequest(String name, byte[] zip) {
        return HostileRequests.createRequest(name, zip);
    }

    static Map<String, Object> with(Map<String, Object> request, String field, Object value) {
        var copy = new LinkedHashMap<>(request);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }

    /** A zip of one Python file whose content makes each call's code distinct. */
    static byte[] zip(String content) {
        return zip(Map.of("app.py", "def handler(event, context):\n    return " + content + "\n"));
    }

    static byte[] zip(Map<String, String> files) {
        return HostileZips.zip(files);
    }
}
