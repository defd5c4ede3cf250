package dev.arclight.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class SchemaOwnershipTests {

    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

    @Test
    void migrationsOfEachServiceTouchOnlyItsOwnSchema() {
        var migrations = new LinkedHashMap<String, Map<String, String>>();
        for (var service : ServiceBoundaries.DATA_OWNERS) {
            var files = read("classpath*:db/migration/" + service + "/*.sql");
            assertThat(files).as("migrations of %s", service).isNotEmpty();
            migrations.put(service, files);
        }
        assertThat(SchemaOwnership.violations(migrations)).isEmpty();
    }

    @Test
    void eachServiceConnectsAsItsOwnRoleIntoItsOwnSchema() throws IOException {
        for (var service : ServiceBoundaries.DATA_OWNERS) {
            var yaml = read("classpath*:application.yml").entrySet().stream()
                    .filter(e -> e.getValue().contains("name: " + service + "-service"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no application.yml for " + service));
            var settings = flatten(yaml);
            assertThat(settings)
                    .as("%s-service database settings", service)
                    .containsEntry("username", service)
                    .containsEntry("schemas", service)
                    .containsEntry("default-schema", service)
                    .containsEntry("locations", "classpath:db/migration/" + service);
            assertThat(settings.getProperty("url")).endsWith("currentSchema=" + service);
        }
    }

    @Test
    void catchesAMigrationThatReachesIntoAnotherSchema() {
        var violations = SchemaOwnership.violations(Map.of(
                "reclaim",
                Map.of(
                        "V2__peek.sql",
                        "-- pool.workers is not ours\nCREATE VIEW peek AS SELECT * FROM pool.workers;",
                        "V3__own.sql",
                        "CREATE TABLE reclaim.decisions (id int);")));

        assertThat(violations).singleElement().asString().contains("V2__peek.sql", "schema pool");
    }

    private Map<String, String> read(String pattern) {
        try {
            var files = new LinkedHashMap<String, String>();
            for (Resource resource : resources.getResources(pattern)) {
                files.put(resource.getURL().toString(), resource.getContentAsString(StandardCharsets.UTF_8));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaf keys of a YAML file with their values; enough to read a few settings without a parser. */
    private static Properties flatten(String yaml) {
        var leaves = new Properties();
        Arrays.stream(yaml.split("\n"))
                .map(String::strip)
                .filter(line -> !line.startsWith("#") && line.contains(": "))
                .forEach(line -> {
                    var key = line.substring(0, line.indexOf(": "));
                    var value = line.substring(line.indexOf(": ") + 2).strip();
                    leaves.putIfAbsent(key, value);
                });
        return leaves;
    }
}
