package dev.arclight.gateway.invoke;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * One Invoke request as the gateway received it, authenticated, body read whole (it is at most 6 MB,
 * and holding it lets a call that could not be sent go to another instance).
 *
 * @param tenant the caller's tenant, from its credentials
 * @param functionName the bare function name (see {@link FunctionNames})
 * @param rawPath the path as the caller sent it, forwarded unchanged
 * @param rawQuery the query ({@code Qualifier=...}) as sent, or null
 * @param headers the headers to forward, the tenant header included
 * @param body the payload
 */
record Invocation(
        String tenant,
        String functionName,
        String rawPath,
        @Nullable String rawQuery,
        HttpHeaders headers,
        byte[] body) {

    /** The path and query to ask a placement instance for. */
    String pathAndQuery() {
        return rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }
}
