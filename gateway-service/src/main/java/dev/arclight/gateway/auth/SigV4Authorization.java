package dev.arclight.gateway.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/
 * <service>/aws4_request, SignedHeaders=<a;b;c>, Signature=<hex>} header.
 *
 * @param accessKeyId who claims to sign
 * @param scopeDate the {@code yyyyMMdd} day of the credential scope
 * @param region the region of the scope
 * @param service the service of the scope
 * @param terminator the last element of the scope, {@code aws4_request}
 * @param signedHeaders the lower-case names of the signed headers, in the order given
 * @param signature the hex signature
 */
record SigV4Authorization(
        String accessKeyId,
        String scopeDate,
        String region,
        String service,
        String terminator,
        List<String> signedHeaders,
        String signature) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** Whether the header claims this scheme at all (as opposed to being malformed within it). */
    static boolean isSigV4(String authorization) {
        return authorization.startsWith(ALGORITHM + " ");
    }

    /** The parsed header, or empty when a part is missing or malformed. */
    static Optional<SigV4Authorization> parse(String authorization) {
        if (!isSigV4(authorization)) {
            return Optional.empty();
        }
        var parts = new HashMap<String, String>();
        for (var part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                return Optional.empty();
            }
            parts.put(
                    part.substring(0, equals).strip(),
                    part.substring(equals + 1).strip());
        }
        var credential = parts.get("Credential");
        var signedHeaders = parts.get("SignedHeaders");
        var signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null || signedHeaders.isEmpty()) {
            return Optional.empty();
        }
        // The key id itself may not contain '/', so the scope is always the last four elements.
        var scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SigV4Authorization(
                scope[0], scope[1], scope[2], scope[3], scope[4], List.of(signedHeaders.split(";")), signature));
    }

    /** {@code <date>/<region>/<service>/aws4_request}, as it goes into the string to sign. */
    String credentialScope() {
        return scopeDate + "/" + region + "/" + service + "/" + terminator;
    }
}
