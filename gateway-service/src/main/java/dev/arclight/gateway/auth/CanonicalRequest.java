package dev.arclight.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * SigV4's canonical form of a request, which client and server each hash and sign: the same bytes
 * on both sides or the signatures differ.
 *
 * <pre>
 * METHOD \n canonical URI \n canonical query \n canonical headers (each "name:value\n") \n
 * signed header names joined by ';' \n hex SHA-256 of the payload
 * </pre>
 *
 * <p>Every service but S3 encodes the path twice: the client signs the URI-encoding of the path as
 * already encoded on the wire, so the server encodes the raw path it received once more.
 */
final class CanonicalRequest {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private CanonicalRequest() {}

    static String of(
            String method,
            String rawPath,
            String rawQuery,
            HttpHeaders headers,
            List<String> signedHeaders,
            String payloadSha256Hex) {
        return method + "\n"
                + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadSha256Hex;
    }

    static String canonicalUri(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : encode(rawPath, true);
    }

    /** Parameters decoded from the wire, re-encoded the one way SigV4 allows, sorted by key then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        var parameters = new ArrayList<Map.Entry<String, String>>();
        for (var pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            var name = equals < 0 ? pair : pair.substring(0, equals);
            var value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(Map.entry(encode(decode(name), false), encode(decode(value), false)));
        }
        parameters.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        var query = new StringBuilder();
        for (var parameter : parameters) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(parameter.getKey()).append('=').append(parameter.getValue());
        }
        return query.toString();
    }

    static String canonicalHeaders(HttpHeaders headers, List<String> signedHeaders) {
        var canonical = new StringBuilder();
        for (var name : signedHeaders) {
            var values = headers.getOrEmpty(name);
            var joined = new ArrayList<String>(values.size());
            for (var value : values) {
                joined.add(WHITESPACE_RUN.matcher(value.strip()).replaceAll(" "));
            }
            canonical.append(name).append(':').append(String.join(",", joined)).append('\n');
        }
        return canonical.toString();
    }

    /** Whether the names are lower case and in SigV4's order, as every signer sends them. */
    static boolean inCanonicalOrder(List<String> signedHeaders) {
        var sorted = new ArrayList<>(signedHeaders);
        sorted.sort(Comparator.naturalOrder());
        return sorted.equals(signedHeaders)
                && signedHeaders.stream().allMatch(name -> name.equals(name.toLowerCase(Locale.ROOT)));
    }

    /** RFC 3986 encoding: every byte but the unreserved characters (and '/', when kept) as %XX. */
    static String encode(String value, boolean keepSlash) {
        var encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || keepSlash && c == '/') {
                encoded.append(c);
            } else {
                encoded.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    /** Percent-decoding only: a '+' stays a '+', as SigV4 clients never use it for a space. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        var bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) == '%' && i + 2 < value.length()) {
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write(high << 4 | low);
                    i += 3;
                    continue;
                }
            }
            int codePoint = value.codePointAt(i);
            bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            i += Character.charCount(codePoint);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
