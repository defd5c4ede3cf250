package dev.arclight.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds SQL that reaches into another service's schema. Each service's migrations live under
 * {@code db/migration/<service>/} and may name only that service's schema.
 */
final class SchemaOwnership {

    private SchemaOwnership() {}

    /**
     * @param migrations SQL text of each migration file, by the service it belongs to
     * @return one line per reference to a schema the service does not own
     */
    static List<String> violations(Map<String, Map<String, String>> migrations) {
        var violations = new ArrayList<String>();
        migrations.forEach((service, files) -> files.forEach((file, sql) -> {
            for (var other : ServiceBoundaries.DATA_OWNERS) {
                if (other.equals(service)) {
                    continue;
                }
                var reference = Pattern.compile("(?i)(\\b" + other
                                + "\\s*\\.\\s*[a-z_\"])|(schema\\s+(if\\s+not\\s+exists\\s+)?" + other + "\\b)")
                        .matcher(withoutComments(sql));
                if (reference.find()) {
                    violations.add("%s migration %s refers to schema %s: '%s'"
                            .formatted(service, file, other, reference.group()));
                }
            }
        }));
        return violations;
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "").replaceAll("(?s)/\\*.*?\\*/", "");
    }
}
