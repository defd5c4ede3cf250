package dev.arclight.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.gateway.AwsSigning;
import dev.arclight.gateway.auth.Authentication.Authenticated;
import dev.arclight.gateway.auth.Authentication.Rejected;
import dev.arclight.gateway.auth.TenantCredentialsProperties.AccessKey;
import dev.arclight.gateway.auth.TenantCredentialsProperties.Tenant;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

/** The verifier against signatures made by the AWS SDK's own signer: if these pass, real clients do. */
class SigV4VerifierTests {

    private static final Instant NOW = Instant.parse("2026-11-23T11:30:00Z");
    private static final Clock SERVER_CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final TenantCredentials credentials = new TenantCredentials(new TenantCredentialsProperties(List.of(
            new Tenant("local", List.of(new AccessKey("arclight", "arclight")), List.of()),
            new Tenant("acme", List.of(new AccessKey("AKIDACME", "acme-secret/with+chars")), List.of()))));
    private final SigV4Verifier verifier = new SigV4Verifier(credentials, SERVER_CLOCK);

    @Test
    void acceptsAGetSignedByTheSdkAndNamesTheTenant() {
        var request =
                Signed.get("http://localhost:8080/2015-03-31/functions?MaxItems=5&Marker=abc", "arclight", "arclight");
        assertThat(verify(request)).isEqualTo(new Authenticated("local"));
    }

    @Test
    void acceptsAPostWithABodyAndKnowsWhichTenantSigned() {
        var body = "{\"FunctionName\":\"hello\",\"Runtime\":\"python3.12\"}";
        var request =
                Signed.post("http://gateway:8080/2015-03-31/functions", body, "AKIDACME", "acme-secret/with+chars");
        assertThat(verify(request)).isEqualTo(new Authenticated("acme"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello/configuration",
                "/2015-03-31/functions/hello/invocations?Qualifier=%24LATEST",
                "/2015-03-31/functions?FunctionVersion=ALL&MaxItems=50&Marker=a%2Bb%20c",
                "/2017-10-31/functions/hello/concurrency",
                "/2015-03-31/functions/my-func_1/aliases/live?x=%E2%82%AC&y&x=a",
            })
    void acceptsPathsAndQueriesThatNeedEncoding(String pathAndQuery) {
        var request = Signed.get("http://localhost:8080" + pathAndQuery, "arclight", "arclight");
        assertThat(verify(request)).isEqualTo(new Authenticated("local"));
    }

    @Test
    void rejectsASignatureMadeWithTheWrongSecret() {
        var request = Signed.get("http://localhost:8080/2015-03-31/functions", "arclight", "not-the-secret");
        assertThat(verify(request))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.error().type()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void rejectsAnUnknownAccessKeyAsAnUnrecognizedClient() {
        var request = Signed.get("http://localhost:8080/2015-03-31/functions", "AKIDUNKNOWN", "whatever");
        assertThat(verify(request)).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.error().type()).isEqualTo("UnrecognizedClientException");
            assertThat(rejected.error().status().value()).isEqualTo(403);
        });
    }

    @Test
    void rejectsARequestWhoseBodyChangedAfterSigning() {
        var request = Signed.post(
                "http://localhost:8080/2015-03-31/functions", "{\"MemorySize\":128}", "arclight", "arclight");
        var tampered = new Signed(request.method, request.uri, request.headers, "{\"MemorySize\":10240}");
        assertThat(verify(tampered)).isInstanceOf(Rejected.class);
    }

    @Test
    void rejectsARequestWhosePathOrQueryChangedAfterSigning() {
        var request = Signed.get("http://localhost:8080/2015-03-31/functions/mine?MaxItems=5", "arclight", "arclight");
        assertThat(verify(request.at("/2015-03-31/functions/theirs?MaxItems=5")))
                .isInstanceOf(Rejected.class);
        assertThat(verify(request.at("/2015-03-31/functions/mine?MaxItems=6"))).isInstanceOf(Rejected.class);
    }

    @Test
    void rejectsASignedHeaderChangedAfterSigning() {
        var request = Signed.get("http://localhost:8080/2015-03-31/functions", "arclight", "arclight");
        request.headers.set(HttpHeaders.HOST, "elsewhere:8080");
        assertThat(verify(request)).isInstanceOf(Rejected.class);
    }

    @Test
    void acceptsClockSkewUpToFifteenMinutesEitherWay() {
        for (var skew : List.of(Duration.ofMinutes(-14), Duration.ofMinutes(14))) {
            var request = Signed.get(
                    "http://localhost:8080/2015-03-31/functions",
                    "arclight",
                    "arclight",
                    Clock.fixed(NOW.plus(skew), ZoneOffset.UTC));
            assertThat(verify(request)).as("skew %s", skew).isEqualTo(new Authenticated("local"));
        }
    }

    @Test
    void rejectsASignatureOlderThanFifteenMinutesAsExpired() {
        var request = Signed.get(
                "http://localhost:8080/2015-03-31/functions",
                "arclight",
                "arclight",
                Clock.fixed(NOW.minus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThat(verify(request)).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.error().type()).isEqualTo("InvalidSignatureException");
            assertThat(rejected.error().message()).startsWith("Signature expired: 20261123T111400Z");
        });
    }

    @Test
    void rejectsASignatureFromMoreThanFifteenMinutesAhead() {
        var request = Signed.get(
                "http://localhost:8080/2015-03-31/functions",
                "arclight",
                "arclight",
                Clock.fixed(NOW.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThat(verify(request))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.error().message()).startsWith("Signature not yet current"));
    }

    @Test
    void rejectsAContentHashHeaderThatDoesNotMatchTheBody() {
        var request = Signed.post("http://localhost:8080/2015-03-31/functions", "{}", "arclight", "arclight");
        request.headers.set(SigV4Verifier.CONTENT_SHA256_HEADER, "UNSIGNED-PAYLOAD");
        assertThat(verify(request))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.error().message()).contains("x-amz-content-sha256"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AWS4-HMAC-SHA256 Credential=arclight/20261123/us-east-1/lambda/aws4_request",
                "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=00",
                "AWS4-HMAC-SHA256 Credential=arclight/20261123/us-east-1/aws4_request, SignedHeaders=host, Signature=00",
                "AWS4-HMAC-SHA256 garbage",
            })
    void rejectsAMalformedAuthorizationHeaderAsIncomplete(String authorization) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        headers.set(HttpHeaders.HOST, "localhost:8080");
        headers.set("X-Amz-Date", "20261123T113000Z");
        var outcome = verifier.verify("GET", "/2015-03-31/functions", null, headers, sha256Hex(""));
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.error().type()).isEqualTo("IncompleteSignatureException"));
    }

    @Test
    void rejectsACredentialScopedToAnotherService() {
        var request = Signed.get("http://localhost:8080/2015-03-31/functions", "arclight", "arclight");
        var authorization = request.headers.getFirst(HttpHeaders.AUTHORIZATION);
        request.headers.set(HttpHeaders.AUTHORIZATION, authorization.replace("/lambda/", "/s3/"));
        assertThat(verify(request))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.error().message()).contains("correct service"));
    }

    @Test
    void rejectsUnknownKeysAndStaleDatesBeforeTheBodyIsRead() {
        var unknown = Signed.get("http://localhost:8080/2015-03-31/functions", "AKIDUNKNOWN", "whatever");
        var stale = Signed.get(
                "http://localhost:8080/2015-03-31/functions",
                "arclight",
                "arclight",
                Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC));
        var good = Signed.post("http://localhost:8080/2015-03-31/functions", "{}", "arclight", "arclight");

        assertThat(verifier.rejectBeforeBody(unknown.headers))
                .hasValueSatisfying(
                        rejected -> assertThat(rejected.error().type()).isEqualTo("UnrecognizedClientException"));
        assertThat(verifier.rejectBeforeBody(stale.headers))
                .hasValueSatisfying(
                        rejected -> assertThat(rejected.error().message()).startsWith("Signature expired"));
        assertThat(verifier.rejectBeforeBody(good.headers)).isEmpty();
    }

    private Authentication verify(Signed request) {
        return verifier.verify(
                request.method,
                request.uri.getRawPath(),
                request.uri.getRawQuery(),
                request.headers,
                sha256Hex(request.body));
    }

    private static String sha256Hex(String body) {
        return HexFormat.of().formatHex(SigV4Verifier.sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A request as it arrives at the gateway after the SDK signed it. */
    private record Signed(String method, URI uri, HttpHeaders headers, String body) {

        static Signed get(String uri, String keyId, String secret) {
            return get(uri, keyId, secret, SERVER_CLOCK);
        }

        static Signed get(String uri, String keyId, String secret, Clock clientClock) {
            return signed("GET", uri, "", keyId, secret, clientClock);
        }

        static Signed post(String uri, String body, String keyId, String secret) {
            return signed("POST", uri, body, keyId, secret, SERVER_CLOCK);
        }

        private static Signed signed(
                String method, String uri, String body, String keyId, String secret, Clock clientClock) {
            var target = URI.create(uri);
            var signedHeaders = AwsSigning.sign(
                    method,
                    target,
                    body.isEmpty() ? Map.of() : Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8),
                    keyId,
                    secret,
                    clientClock);
            var headers = new HttpHeaders();
            signedHeaders.forEach(headers::addAll);
            return new Signed(method, target, headers, body);
        }

        Signed at(String pathAndQuery) {
            return new Signed(method, uri.resolve(pathAndQuery), headers, body);
        }
    }
}
