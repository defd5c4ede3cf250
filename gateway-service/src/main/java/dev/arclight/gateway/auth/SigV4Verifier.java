package dev.arclight.gateway.auth;

import dev.arclight.gateway.auth.TenantCredentials.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;

/**
 * Checks an AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) the way AWS does, so requests signed
 * by the AWS CLI and SDKs with a tenant's access key authenticate that tenant.
 *
 * <p>Algorithm: parse the {@code Authorization} header; find the secret of its access key id; check
 * that {@code X-Amz-Date} (or {@code Date}) is within {@value #ALLOWED_SKEW_MINUTES} minutes of now
 * and on the scope's day; rebuild the {@link CanonicalRequest} from what arrived, with the payload
 * hash computed from the body received (a client's {@code x-amz-content-sha256} must equal it);
 * derive the signing key {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service),
 * "aws4_request")}; sign {@code AWS4-HMAC-SHA256 \n date \n scope \n hex(SHA-256(canonical
 * request))}; compare in constant time.
 *
 * <p>Known caveats: no presigned URLs (query-string signatures) and no streaming (chunk-signed)
 * payloads; Lambda's clients use neither. The region is whatever the client signed for.
 */
final class SigV4Verifier {

    static final String SERVICE = "lambda";
    static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";
    static final String DATE_HEADER = "x-amz-date";
    static final int ALLOWED_SKEW_MINUTES = 15;

    private static final Duration ALLOWED_SKEW = Duration.ofMinutes(ALLOWED_SKEW_MINUTES);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TenantCredentials credentials;
    private final Clock clock;

    SigV4Verifier(TenantCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * Everything that can be checked without the body: the header's form, the access key, the
     * date, the scope. A request failing these is rejected before its body is read at all.
     */
    Optional<Authentication.Rejected> rejectBeforeBody(HttpHeaders headers) {
        return switch (checkHeaders(headers)) {
            case HeadersFailed failed -> Optional.of(failed.rejected());
            case HeadersPassed passed -> Optional.empty();
        };
    }

    /**
     * @param payloadSha256Hex lower-case hex SHA-256 of the body as received (of nothing, if none)
     */
    Authentication verify(
            String method, String rawPath, String rawQuery, HttpHeaders headers, String payloadSha256Hex) {
        return switch (checkHeaders(headers)) {
            case HeadersFailed failed -> failed.rejected();
            case HeadersPassed passed -> verifySignature(passed, method, rawPath, rawQuery, headers, payloadSha256Hex);
        };
    }

    private Authentication verifySignature(
            HeadersPassed passed,
            String method,
            String rawPath,
            String rawQuery,
            HttpHeaders headers,
            String payloadSha256Hex) {
        var authorization = passed.authorization();
        var claimedPayloadHash = headers.getFirst(CONTENT_SHA256_HEADER);
        if (claimedPayloadHash != null && !claimedPayloadHash.equalsIgnoreCase(payloadSha256Hex)) {
            return Authentication.invalidSignature(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        var canonicalRequest = CanonicalRequest.of(
                method,
                rawPath,
                rawQuery,
                headers,
                authorization.signedHeaders(),
                claimedPayloadHash != null ? claimedPayloadHash : payloadSha256Hex);
        var stringToSign = SigV4Authorization.ALGORITHM + "\n"
                + AMZ_DATE.format(passed.signedAt()) + "\n"
                + authorization.credentialScope() + "\n"
                + HexFormat.of().formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        var expected = HexFormat.of().formatHex(hmac(signingKey(passed.key().secret(), authorization), stringToSign));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Authentication.invalidSignature("The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return new Authentication.Authenticated(passed.key().tenant());
    }

    private sealed interface HeaderCheck {}

    private record HeadersPassed(SigV4Authorization authorization, SigningKey key, Instant signedAt)
            implements HeaderCheck {}

    private record HeadersFailed(Authentication.Rejected rejected) implements HeaderCheck {}

    private HeaderCheck checkHeaders(HttpHeaders headers) {
        var parsed =
                Optional.ofNullable(headers.getFirst(HttpHeaders.AUTHORIZATION)).flatMap(SigV4Authorization::parse);
        if (parsed.isEmpty()) {
            return new HeadersFailed(Authentication.incompleteSignature("Authorization header requires 'Credential',"
                    + " 'Signature' and 'SignedHeaders' parameters, in the " + SigV4Authorization.ALGORITHM
                    + " format."));
        }
        var authorization = parsed.get();
        var key = credentials.forAccessKeyId(authorization.accessKeyId());
        if (key.isEmpty()) {
            return new HeadersFailed(Authentication.unrecognizedClient());
        }
        var signedAt = signingTime(headers);
        if (signedAt == null) {
            return new HeadersFailed(Authentication.incompleteSignature(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        }
        var now = clock.instant();
        if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            return new HeadersFailed(Authentication.invalidSignature("Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier than " + AMZ_DATE.format(now.minus(ALLOWED_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " - " + ALLOWED_SKEW_MINUTES + " min.)"));
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            return new HeadersFailed(Authentication.invalidSignature("Signature not yet current: "
                    + AMZ_DATE.format(signedAt) + " is still later than " + AMZ_DATE.format(now.plus(ALLOWED_SKEW))
                    + " (" + AMZ_DATE.format(now) + " + " + ALLOWED_SKEW_MINUTES + " min.)"));
        }
        var scopeProblem = scopeProblem(authorization, signedAt);
        if (scopeProblem != null) {
            return new HeadersFailed(Authentication.invalidSignature(scopeProblem));
        }
        if (!authorization.signedHeaders().contains("host")
                || !CanonicalRequest.inCanonicalOrder(authorization.signedHeaders())) {
            return new HeadersFailed(Authentication.invalidSignature(
                    "'Host' must be a signed header, and signed headers must be lower case and sorted."));
        }
        return new HeadersPassed(authorization, key.get(), signedAt);
    }

    private static String scopeProblem(SigV4Authorization authorization, Instant signedAt) {
        if (!SERVICE.equals(authorization.service())) {
            return "Credential should be scoped to correct service: '" + SERVICE + "'.";
        }
        if (!"aws4_request".equals(authorization.terminator())) {
            return "Credential should be scoped with a valid terminator: 'aws4_request'.";
        }
        var day = AMZ_DATE.format(signedAt).substring(0, 8);
        if (!day.equals(authorization.scopeDate())) {
            return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.scopeDate() + "' != '" + day + "'.";
        }
        if (authorization.region().isEmpty()) {
            return "Credential should be scoped to a valid region.";
        }
        return null;
    }

    /** {@code X-Amz-Date}, else the HTTP {@code Date}; null when neither parses. */
    private static Instant signingTime(HttpHeaders headers) {
        var amzDate = headers.getFirst(DATE_HEADER);
        var httpDate = headers.getFirst(HttpHeaders.DATE);
        try {
            if (amzDate != null) {
                return Instant.from(AMZ_DATE.parse(amzDate));
            }
            return httpDate == null
                    ? null
                    : ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] signingKey(String secret, SigV4Authorization authorization) {
        var key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), authorization.scopeDate());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        return hmac(key, authorization.terminator());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
