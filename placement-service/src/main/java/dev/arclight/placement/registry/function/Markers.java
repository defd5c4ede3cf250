package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Paging markers: the key of the last item of a page, opaque to the caller. Listings are keyset
 * paged, so a marker stays valid while items are added or removed.
 */
final class Markers {

    static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_ITEMS = 10000;

    private Markers() {}

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterValueException("Invalid marker: " + marker);
        }
    }

    /** The page size for MaxItems: Lambda's default and cap is 50 per page. */
    static int pageSize(Integer maxItems) {
        if (maxItems == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (maxItems < 1 || maxItems > MAX_ITEMS) {
            throw new InvalidParameterValueException("1 validation error detected: Value '" + maxItems
                    + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and "
                    + MAX_ITEMS);
        }
        return Math.min(maxItems, DEFAULT_PAGE_SIZE);
    }
}
