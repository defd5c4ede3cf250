package dev.arclight.gateway.routing;

import java.util.List;

/**
 * The paths of Lambda's REST API, by the API version date that starts them: what the gateway
 * forwards to placement.
 */
final class LambdaApiPaths {

    /** Functions, versions, aliases, invocations (2015), account settings (2016), concurrency. */
    private static final List<String> VERSION_PREFIXES =
            List.of("/2015-03-31/", "/2016-08-19/", "/2017-10-31/", "/2019-09-30/");

    private LambdaApiPaths() {}

    /** The same paths as Spring path patterns, for route predicates. */
    static String[] patterns() {
        return VERSION_PREFIXES.stream().map(prefix -> prefix + "**").toArray(String[]::new);
    }
}
