package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation that {@code docs/api.md} lists is routed by the gateway and answered by
 * placement: the table is read from the file itself, so a row for an operation that no route or
 * controller serves fails here instead of misleading a user. The calls name a function that does
 * not exist, so the answers are placement's (404 ResourceNotFoundException, 400 for a bad body,
 * 200 for the lists), never the gateway's own 404 UnknownOperationException or its 502/503/504 for
 * a placement it cannot reach.
 */
class DocumentedOperationsEndToEndTests {

    private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| `(GET|POST|PUT|DELETE) (/[^ `]+)");
    private static final Set<Integer> GATEWAY_FAILURES = Set.of(502, 503, 504);

    record Operation(String name, String method, String path) {}

    @Test
    void everyDocumentedOperationReachesPlacement() throws Exception {
        var operations = documented();
        assertThat(operations).hasSizeGreaterThanOrEqualTo(22);
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var absent = "doc-check-" + UUID.randomUUID().toString().substring(0, 8);
        var failures = new ArrayList<String>();
        for (var operation : operations) {
            var path = operation
                    .path()
                    .replace("{name}", absent)
                    .replace("{alias}", "live")
                    .replace("Qualifier=", "Qualifier=1");
            var body = operation.method().equals("GET") || operation.method().equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}");
            var request = HttpRequest.newBuilder(URI.create(Platform.get().gatewayUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Api-Key", TestTenants.LOCAL_API_KEY)
                    .header("Content-Type", "application/json")
                    .method(operation.method(), body)
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            var type = response.headers().firstValue("x-amzn-ErrorType").orElse("");
            boolean answeredByPlacement = !GATEWAY_FAILURES.contains(response.statusCode())
                    && !type.startsWith("UnknownOperationException")
                    && (response.statusCode() < 400 || !type.isEmpty());
            if (!answeredByPlacement) {
                failures.add(operation + " -> " + response.statusCode() + " " + type + " " + response.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static List<Operation> documented() throws IOException {
        var api = Files.readAllLines(Path.of("..", "docs", "api.md"));
        var operations = new ArrayList<Operation>();
        for (var line : api) {
            var row = ROW.matcher(line);
            if (row.find()) {
                operations.add(new Operation(row.group(1), row.group(2), row.group(3)));
            }
        }
        return operations;
    }
}
