package dev.arclight.gateway.routing;

import dev.arclight.gateway.error.LambdaError;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a path that hides a separator or a relative segment in an encoding ({@code %2F}, {@code
 * %5C}, {@code %00}, {@code %2E%2E}) with Lambda's 400 {@code InvalidParameterValueException}. No
 * function name, qualifier or alias can hold one, and passed on they mean different things to each
 * hop: routing decodes the path, the forwarded request keeps it encoded, and placement's Tomcat
 * would decide again.
 *
 * <p>Runs after authentication, so an unauthenticated caller learns nothing new from it.
 */
@Component
class PathTricksFilter implements WebFilter, Ordered {

    static final int ORDER = -5;

    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2f|5c|00)");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(\\.|%2e){1,2}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var rawPath = exchange.getRequest().getURI().getRawPath();
        if (!tricky(rawPath)) {
            return chain.filter(exchange);
        }
        var refused = Mono.<Void>error(new LambdaError(
                        HttpStatus.BAD_REQUEST,
                        "InvalidParameterValueException",
                        "The request path holds an encoded '/', '\\\\' or NUL, or a '.' or '..' segment;"
                                + " function names, qualifiers and aliases never do.")
                .toException());
        // The body (bounded by the payload limit) is read first, so the caller can read the answer.
        return exchange.getRequest()
                .getBody()
                .doOnNext(DataBufferUtils::release)
                .then(refused);
    }

    static boolean tricky(String rawPath) {
        var lower = rawPath.toLowerCase(Locale.ROOT);
        if (ENCODED_SEPARATOR.matcher(lower).find()) {
            return true;
        }
        for (var segment : lower.split("/")) {
            if (DOT_SEGMENT.matcher(segment).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
