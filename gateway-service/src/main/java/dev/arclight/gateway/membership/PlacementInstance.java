package dev.arclight.gateway.membership;

import java.net.URI;
import java.util.Objects;

/**
 * One placement-service instance the gateway may route calls to.
 *
 * @param name its member name on the hash ring; stable across restarts, so arcs do not move when
 *     an instance merely restarts
 * @param url its base URL
 */
public record PlacementInstance(String name, URI url) {

    public PlacementInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a placement instance needs a name");
        }
        if (!url.isAbsolute()) {
            throw new IllegalArgumentException("placement instance " + name + " needs an absolute URL, was " + url);
        }
    }

    /** The base URL without a trailing slash, for appending request paths to. */
    public String baseUrl() {
        var text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
