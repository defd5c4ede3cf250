package dev.arclight.placement.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as Lambda writes them, e.g. {@code 2024-05-01T12:00:00.000+0000}. */
public final class LambdaTimestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private LambdaTimestamps() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
